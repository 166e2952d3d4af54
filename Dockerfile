# CxGrains: one image for silos and front ends (the mode is configuration).
#   docker build -t cxgrains:local .
# Build stage: the .NET 10 SDK restores and publishes the host; runtime stage: ASP.NET Core 10 only.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /source
# Build settings and central package versions first, then the sources the host needs
# (the PostgreSQL scripts are embedded in CxGrains.Persistence).
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY protos/ protos/
COPY deploy/sql/ deploy/sql/
COPY src/ src/
RUN dotnet restore src/CxGrains.Host/CxGrains.Host.csproj
RUN dotnet publish src/CxGrains.Host/CxGrains.Host.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
# /data holds the SQLite file of a single-node run; cluster deployments store in PostgreSQL.
RUN mkdir -p /data && chown "$APP_UID" /data
COPY --from=build /app ./

# Containers listen on every interface; ports as in docs/operations.md. ASPNETCORE_HTTP_PORTS is
# cleared because the host binds its own two Kestrel endpoints (Cx:Endpoints).
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS= \
    Cx__Endpoints__ListenAddress=0.0.0.0 \
    Cx__Endpoints__GrpcPort=5000 \
    Cx__Endpoints__HttpPort=5080 \
    Cx__Cluster__SiloPort=11111 \
    Cx__Cluster__GatewayPort=30000 \
    Cx__Storage__SqlitePath=/data/cxgrains.db

# gRPC (HTTP/2), HTTP (JSON, SignalR, wallboard, /metrics, health), silo-to-silo, gateway.
EXPOSE 5000 5080 11111 30000

# The base image has the non-root user "app" (APP_UID); nothing here needs root.
USER $APP_UID

# Liveness only (/healthz): the image has no curl, so bash's /dev/tcp speaks HTTP/1.1 itself.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${Cx__Endpoints__HttpPort:-5080} && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "CxGrains.Host.dll"]
