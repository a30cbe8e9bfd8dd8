# Partnerbot image: pinned dependencies, compiled catalogs, non-root user, state under /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BOT_DATA_DIR=/data

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --disable-pip-version-check -r requirements.lock

COPY bot ./bot
COPY handlers ./handlers
COPY content ./content
COPY scheduler ./scheduler
COPY store ./store
COPY runtime ./runtime
RUN for po in content/locale/*/LC_MESSAGES/*.po handlers/locale/*/LC_MESSAGES/*.po; do \
        pybabel compile -i "$po" -o "${po%.po}.mo"; \
    done \
 && python -m bot check-content \
 && useradd --create-home --uid 10001 partnerbot \
 && mkdir -p /data && chown partnerbot /data

USER partnerbot
VOLUME ["/data"]
# The running bot touches /data/heartbeat every 30 s; stale for 2 minutes means stuck.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
