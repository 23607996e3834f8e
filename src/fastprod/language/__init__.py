"""How fastprod reads a sentence: the concept reader, in two tiers.

Tier one is ``grammar/fastprod.lark``, a flat grammar of phrase classes read by
its lexer (``_lexer``, ``_chunks``). Tier two is plain Python: lists
(``_lists``), clauses and commands (``_clause``, ``_commands``), slots
(``_slots``), refusals (``_guards``), slips (``_slips``), and the entry point
(``_concepts``).
"""
