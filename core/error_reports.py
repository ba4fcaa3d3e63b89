"""What error reports (the emails to ADMINS) may carry, and which errors they skip.

Loaded by the logging configuration before the apps are ready: no models here.
"""

from __future__ import annotations

import logging

from django.views.debug import SafeExceptionReporterFilter


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, and with DEBUG off every POST value and frame variable
    hidden too: forms carry candidates' personal data, frames their decrypted values."""

    def get_post_parameters(self, request):
        if request is not None and self.is_active(request):
            return self._cleanse_multivaluedict(request.POST, "__ALL__")
        return super().get_post_parameters(request)

    def get_traceback_frame_variables(self, request, tb_frame):
        if self.is_active(request):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)


class SkipHealthCheck(logging.Filter):
    """Drops the log record of a failing health check's 503: the probe that asked
    already knows, and PostgreSQL or Redis being down must not queue an email each time."""

    def filter(self, record: logging.LogRecord) -> bool:
        match = getattr(getattr(record, "request", None), "resolver_match", None)
        return getattr(match, "view_name", None) != "healthz"
