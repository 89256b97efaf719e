# syntax=docker/dockerfile:1
#
# livemap-bot container image.
#
#   docker build -t livemap-bot .
#   docker run -d --name livemap-bot --restart unless-stopped --stop-timeout 30 \
#     --env-file livemap-bot.env -v livemap-bot-data:/data livemap-bot
#
# Configuration comes from environment variables (see README, "Configuration") and/or a
# properties file mounted at /config/config.properties. The audit log goes to /data/audit.jsonl.

# ---------------------------------------------------------------------------------------------
# Stage 1: build the shaded jar.
# ---------------------------------------------------------------------------------------------
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build

# The dependencies change far less often than the code: resolve them in their own layer so a
# code change does not download the world again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline

COPY src ./src
# Tests run in CI (`mvn -B verify`), not in every image build.
RUN mvn -B -DskipTests package

# ---------------------------------------------------------------------------------------------
# Stage 2: a JRE and the jar, run as an unprivileged user.
# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:17.0.13_11-jre

# A fixed uid/gid, so a bind-mounted /data can be prepared on the host with
# `chown 10001:10001` (named volumes take the ownership below automatically).
#
# /app/config.properties is a link to /config/config.properties. Without --config the bot reads
# ./config.properties when it exists and otherwise runs from the environment alone (a dangling
# link counts as absent), so a file mounted at /config/config.properties is picked up without a
# wrapper script between Docker and the JVM.
ARG APP_UID=10001
RUN groupadd --system --gid "${APP_UID}" livemap \
 && useradd --system --uid "${APP_UID}" --gid livemap --no-create-home --home-dir /app \
        --shell /usr/sbin/nologin livemap \
 && mkdir -p /app /data /config \
 && chown livemap:livemap /data \
 && ln -s /config/config.properties /app/config.properties

WORKDIR /app
COPY --from=build /build/target/livemap-bot.jar /app/livemap-bot.jar

# Absolute, so it does not depend on the working directory; override with AUDIT_PATH or
# audit.path if needed.
ENV AUDIT_PATH=/data/audit.jsonl
ENV STORE_URL=jdbc:sqlite:/data/livemap-bot.db
VOLUME ["/data"]

COPY --chmod=0755 src/main/docker/healthcheck.sh /app/healthcheck.sh

USER livemap:livemap

# GET /health when METRICS_PORT is set (200 = connected to Discord and the database answers);
# without it there is no endpoint and the check always passes. Plain bash, no curl needed.
# metrics.port set only in the properties file is not seen here: set METRICS_PORT to use it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 CMD ["/app/healthcheck.sh"]

# Exec form: the JVM is PID 1 and receives SIGTERM from `docker stop` directly; the bot then stops
# taking commands, lets an in-flight CAD write and its audit record finish (up to 10 s) and
# exits 0. Extra JVM flags: set JAVA_TOOL_OPTIONS. Arguments after the image name replace CMD,
# e.g. `docker run … livemap-bot check`. Out of memory, the JVM exits at once (ExitOnOutOfMemoryError)
# rather than limp on with threads dying one by one, so `--restart unless-stopped` brings it back.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/livemap-bot.jar"]
CMD ["run"]
