# One image per process, from the jars Maven builds (run `mvn -B -DskipTests package` first):
#   docker build --target gateway -t eventgate-gateway .
#   docker build --target appointments -t eventgate-appointments .
# docker-compose.yml builds both.
FROM eclipse-temurin:17-jre AS base
RUN useradd --system --uid 10001 --home-dir /app eventgate
WORKDIR /app
# conf/ is also inside the jars; shipping it lets an operator mount a changed config.json or registry.json.
COPY conf/config.json conf/registry.json conf/
USER eventgate

FROM base AS gateway
COPY gateway/target/eventgate-gateway.jar /app/eventgate.jar
# main listener, admin listener, Hazelcast, event bus
EXPOSE 8080 8081 5701 5710
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/eventgate.jar"]

FROM base AS appointments
COPY appointments-service/target/eventgate-appointments.jar /app/eventgate.jar
EXPOSE 5701 5710
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/eventgate.jar"]
