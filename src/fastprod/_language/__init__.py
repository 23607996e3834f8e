"""How fastprod reads a sentence: normalising, naming, typo fixing and refusals.

The grammar itself and its Transformer live in :mod:`fastprod._grammar`; these
private modules hold the steps around it.
"""
