# syntax=docker/dockerfile:1
# r1j as a container: `docker build -t r1j .` then `docker run -p 8000:8000 -v r1j-data:/data --memory 6g r1j`
# serves the default model (pulled into /data/hf on first start). See compose.yaml for r1j with PostgreSQL.
# The base images are build arguments so a machine without Docker Hub can substitute local ones
# (scripts/build-image-offline.sh); the defaults are the public images.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-25
ARG RUN_IMAGE=eclipse-temurin:25-jre

# --- build: Maven on JDK 25, only the modules the CLI needs, tests left to CI ---
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl cli -am package -DskipTests

# --- run: the JRE alone, as an unprivileged user, state on the /data volume ---
FROM ${RUN_IMAGE}
RUN groupadd --system --gid 10001 r1j \
 && useradd --system --uid 10001 --gid r1j --home-dir /data --no-create-home --shell /usr/sbin/nologin r1j \
 && mkdir -p /data/hf \
 && chown -R r1j:r1j /data
COPY --from=build /src/cli/target/r1j-cli-0.1.0-SNAPSHOT.jar /app/r1j.jar
COPY --from=build /src/cli/target/lib/ /app/lib/
COPY docker/entrypoint.sh docker/healthcheck.sh /app/

# HF_HOME: the Hugging Face cache (models) on the volume. The JVM sizes its heap from the container's memory limit;
# half of it leaves the other half for the memory-mapped weights and the off-heap KV cache.
ENV HF_HOME=/data/hf \
    R1J_DATA_DIR=/data \
    R1J_PORT=8000 \
    R1J_JAVA_OPTS="-XX:MaxRAMPercentage=50"
VOLUME ["/data"]
USER r1j
WORKDIR /data
EXPOSE 8000
# The first start may download the model (about 1.1 GB): failures in the start period do not count.
HEALTHCHECK --interval=30s --timeout=10s --start-period=10m --retries=3 CMD ["/app/healthcheck.sh"]
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["serve"]
