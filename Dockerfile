FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY lms ./lms
COPY migrations ./migrations
RUN pip install --no-cache-dir -c constraints.txt -e . && useradd --create-home lms && mkdir -p /data && chown lms /data
USER lms
ENV LMS_DATA_DIR=/data LMS_MODE=production
EXPOSE 8000
# /health answers 503 naming the failed check (database or files); urlopen fails on it
HEALTHCHECK --interval=30s --timeout=6s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=5)"
CMD ["sh", "-c", "lms migrate && exec lms serve --host 0.0.0.0 --port 8000 ${LMS_WORKERS:+--workers $LMS_WORKERS}"]
