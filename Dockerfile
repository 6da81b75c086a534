# Mentor Passport: migrations applied at start, then served on 0.0.0.0:8000. Settings by MP_* environment.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    MP_HOST=0.0.0.0 MP_PORT=8000 MP_DATA_DIR=/data

RUN useradd --create-home --uid 10001 mentorpassport \
    && mkdir -p /data && chown mentorpassport /data
WORKDIR /srv
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
RUN pip install --no-cache-dir .

USER mentorpassport
EXPOSE 8000
VOLUME ["/data"]
CMD ["sh", "-c", "alembic upgrade head && python -m app serve"]
