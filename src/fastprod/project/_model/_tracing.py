"""What tracing looks like in a project: the libraries that trace, the switches that turn it on.

Read by the audit (is this project traced?) and by the logging recipe (does it trace
already?), so that both say the same.
"""

from __future__ import annotations

#: Libraries that trace requests: a project calling one traces.
TRACING_LIBRARIES = (
    "opentelemetry",
    "ddtrace",
    "elasticapm",
    "logfire",
    "newrelic",
    "aws_xray_sdk",
    "opencensus",
    "jaeger_client",
    "py_zipkin",
)

#: Keywords that switch on an error tracker's tracing (``sentry_sdk.init(traces_sample_rate=...)``).
TRACING_KEYWORDS = ("traces_sample_rate", "traces_sampler", "enable_tracing")
