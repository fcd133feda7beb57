# syntax=docker/dockerfile:1
# The sniper service image: `docker build -t cloud-sniper:0.1.0 .` at the repository root (docs/deploy.md).
# Stage 1 builds and publishes the CLI (assembly `sniper`) with the .NET SDK; stage 2 runs it on the chiseled
# ASP.NET runtime (Ubuntu Noble): no shell, no package manager, non-root by default.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Everything the publish reads: the build settings, the sources, and the files they embed or ship (data/ is
# embedded into Core; samples/ and rules/ are copied beside the binary).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY data/ data/
COPY samples/ samples/
COPY rules/ rules/
COPY src/ src/
RUN dotnet restore src/CloudSniper.Cli/CloudSniper.Cli.csproj
RUN dotnet publish src/CloudSniper.Cli/CloudSniper.Cli.csproj --configuration Release --no-restore --output /app \
 && mkdir -p /data

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# The only writable path the service needs: the data directory (CliEnvironment.DataDirectory reads SNIPER_HOME),
# where the embedded store, the IP-ranges cache and the quarantine folder live when no AWS store is configured.
COPY --from=build --chown=1654:1654 /data /data

# 1654 is the `app` user the .NET images create; numeric so that runAsNonRoot checks can verify it.
USER 1654
# No diagnostics IPC socket (it would need a writable /tmp); workstation GC, which suits the 0.5-2 vCPU tasks
# this runs in better than one server-GC heap per core.
ENV SNIPER_HOME=/data \
    DOTNET_EnableDiagnostics=0 \
    DOTNET_gcServer=0
VOLUME ["/data"]
EXPOSE 8080

# The chiseled image has no shell or curl: `sniper health` probes /healthz and exits 0 (healthy) or 1 (unhealthy).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/app/sniper", "health", "--url", "http://127.0.0.1:8080/healthz"]

ENTRYPOINT ["/app/sniper"]
CMD ["serve", "--urls", "http://0.0.0.0:8080"]
