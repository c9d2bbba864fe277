#!/usr/bin/env bash
# npm run verify:infra — checks the deployment and observability files with real tools (SPEC §7, §8):
#   docker-compose config + compose/Dockerfile policy (with the OpenTelemetry Collector → Jaeger traces); promtool check config / check rules / test rules;
#   kubectl kustomize + offline Kubernetes/KEDA schema validation + fleet policy, and for overlays/globeco
#   the GlobeCo drop-in rules (and proof that broken manifests fail); every metric in rules and dashboards exported (static catalogue, or live scrapes
#   when FLEET_URLS_FILE describes a running fleet, which also runs the live Prometheus check).
# Installs docker-compose and prometheus (promtool) with apt-get when missing and running as root;
# a step whose tool cannot be had is skipped with a message, never silently.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
skipped=()
apt_updated=0

# ensure_tool COMMAND DEBIAN_PACKAGE: 0 when COMMAND is (or has just been made) available.
ensure_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "verify:infra: installing $2 with apt-get (for $1)"
    if [ "$apt_updated" = "0" ]; then apt-get update -qq >/dev/null 2>&1 && apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null 2>&1
  fi
  command -v "$1" >/dev/null 2>&1
}

# step NAME COMMAND…: runs one check, records its outcome.
step() {
  local name="$1"
  shift
  echo "== $name"
  if "$@"; then echo "-- $name: ok"; else echo "-- $name: FAILED"; failed+=("$name"); fi
}

skip() {
  echo "== $1"
  echo "-- $1: SKIPPED ($2)"
  skipped+=("$1: $2")
}

if [ ! -x node_modules/.bin/tsx ] || [ ! -d node_modules/kubernetes-models ]; then
  echo "verify:infra: node_modules is missing or stale; run npm ci first" >&2
  exit 1
fi
TSX=node_modules/.bin/tsx

step "infra scripts type-check" node_modules/.bin/tsc -p infra/tsconfig.json

if ensure_tool docker-compose docker-compose; then
  step "docker-compose config" docker-compose -f docker-compose.yml config -q
  step "compose and Dockerfile policy" "$TSX" infra/scripts/check-deploy-files.ts
  # The traces and stop-window checks must be able to fail: a copy whose services lose their OTLP endpoint,
  # whose trace backend is not one and whose worker stop window only equals its worst-case stop (25 s + 10 s)
  # must be rejected for all three.
  broken_compose_check() {
    local dir status out
    dir="$(mktemp -d)"
    sed -e '/OTEL_EXPORTER_OTLP_ENDPOINT: http:\/\/otel-collector:4318/d' \
      -e 's#image: jaegertracing/jaeger:#image: redis:#' -e 's/stop_grace_period: 40s/stop_grace_period: 35s/' \
      docker-compose.yml >"$dir/docker-compose.yml"
    out="$(COMPOSE_FILE_UNDER_TEST="$dir/docker-compose.yml" "$TSX" infra/scripts/check-deploy-files.ts 2>&1)"
    status=$?
    rm -rf "$dir"
    if [ "$status" -ne 0 ] && grep -q "worker: exports no spans" <<<"$out" && grep -q "exports to no trace backend" <<<"$out" &&
      grep -q "stop_grace_period 35s does not exceed" <<<"$out"; then
      echo "  ok    services without an OTLP endpoint, a pipeline without a trace backend and a short worker stop window are each reported"
    else
      echo "  FAIL  the broken compose copy was not rejected as expected:"
      echo "$out"
      return 1
    fi
  }
  step "compose traces check rejects a broken copy" broken_compose_check
else
  skip "docker-compose config" "docker-compose could not be installed (apt-get install docker-compose as root)"
  skip "compose and Dockerfile policy" "needs docker-compose"
fi

if ensure_tool promtool prometheus; then
  step "promtool check config (compose)" promtool check config infra/prometheus/prometheus.yml
  step "promtool check config (local fleet)" promtool check config infra/prometheus/prometheus.local.yml
  step "promtool check rules" promtool check rules infra/prometheus/rules/*.yml
  step "promtool test rules" promtool test rules infra/prometheus/tests/*.test.yml
else
  skip "promtool" "the Debian package prometheus could not be installed (apt-get install prometheus as root)"
fi

step "alert runbook, metrics table and dashboards" "$TSX" infra/scripts/check-docs-and-dashboards.ts

if command -v kubectl >/dev/null 2>&1; then
  step "kubectl kustomize + schema + policy" "$TSX" infra/scripts/check-k8s.ts infra/k8s infra/k8s/overlays/hpa \
    --globeco infra/k8s/overlays/globeco
  # The check must be able to fail: break a copy of the manifests three ways and expect three findings.
  broken_check() {
    local dir status out
    dir="$(mktemp -d)"
    cp -r infra/k8s/. "$dir"
    sed -i 's/^  revisionHistoryLimit: 5$/  revisionHistoryLimt: 5/' "$dir/base/worker-deployment.yaml"
    sed -i 's/^              cpu: 250m$/              cpu: lots/' "$dir/base/api-deployment.yaml"
    sed -i 's/^      terminationGracePeriodSeconds: 45$/      terminationGracePeriodSeconds: 40/' "$dir/base/worker-deployment.yaml"
    sed -i '/^OTEL_EXPORTER_OTLP_ENDPOINT=/d' "$dir/base/config.env"
    out="$("$TSX" infra/scripts/check-k8s.ts "$dir" 2>&1)"
    status=$?
    rm -rf "$dir"
    if [ "$status" -ne 0 ] && grep -q "revisionHistoryLimt" <<<"$out" && grep -q "requests/cpu" <<<"$out" && grep -q "terminationGracePeriodSeconds 40 s does not exceed" <<<"$out" &&
      grep -q "Deployment/ogs-worker: exports no spans" <<<"$out"; then
      echo "  ok    a misspelt field, a bad quantity, a grace period short of the worker's worst-case stop and a fleet that exports no spans are each reported"
    else
      echo "  FAIL  the broken copy was not rejected as expected:"
      echo "$out"
      return 1
    fi
  }
  step "kubernetes check rejects broken manifests" broken_check
  # The GlobeCo overlay's own rules must be able to fail too: another Service name, an API over the
  # original's CPU budget, the chart's LOG_LEVEL changed, and the suite's namespace created.
  broken_globeco_check() {
    local dir status out overlay
    dir="$(mktemp -d)"
    cp -r infra/k8s/. "$dir"
    overlay="$dir/overlays/globeco"
    sed -i 's/^        value: globeco-order-generation-service$/        value: ogs-api-renamed/' "$overlay/kustomization.yaml"
    sed -i '/patches\/namespace-not-ours.yaml/d' "$overlay/kustomization.yaml"
    sed -i 's/^              cpu: 500m$/              cpu: "1"/' "$overlay/patches/api.yaml"
    sed -i 's/^LOG_LEVEL=INFO$/LOG_LEVEL=info/' "$overlay/config.env"
    out="$("$TSX" infra/scripts/check-k8s.ts --globeco "$overlay" 2>&1)"
    status=$?
    rm -rf "$dir"
    if [ "$status" -ne 0 ] && grep -q "no Service globeco-order-generation-service" <<<"$out" &&
      grep -q "limits.cpu 1 exceeds the original's 589m" <<<"$out" && grep -q 'LOG_LEVEL is "info", the chart sets "INFO"' <<<"$out" &&
      grep -q "Namespace globeco is created here" <<<"$out"; then
      echo "  ok    a renamed Service, an API over budget, a changed chart variable and a created namespace are each reported"
    else
      echo "  FAIL  the broken GlobeCo overlay was not rejected as expected:"
      echo "$out"
      return 1
    fi
  }
  step "globeco overlay check rejects broken manifests" broken_globeco_check
else
  skip "kubernetes manifests" "kubectl is not installed (it ships kustomize); Debian has no package for it"
fi

if [ -n "${FLEET_URLS_FILE:-}" ] && [ -f "${FLEET_URLS_FILE}" ]; then
  mapfile -t scrape_args < <(node -e 'const f=JSON.parse(require("fs").readFileSync(process.env.FLEET_URLS_FILE,"utf8"));for(const u of [f.api,...f.workers])console.log("--scrape\n"+u.replace(/\/$/,"")+"/metrics")')
  step "metric names (live scrape)" "$TSX" infra/scripts/check-metrics.ts "${scrape_args[@]}"
  if command -v prometheus >/dev/null 2>&1; then
    step "live prometheus" "$TSX" infra/scripts/live-check.ts --timeout "${LIVE_CHECK_TIMEOUT:-120}"
  else
    skip "live prometheus" "the prometheus server is not installed"
  fi
else
  step "metric names (static catalogue)" "$TSX" infra/scripts/check-metrics.ts
  skip "live prometheus" "FLEET_URLS_FILE is not set; start a fleet with FLEET_URLS_FILE=path npm start and rerun with it"
fi

echo
for entry in "${skipped[@]}"; do echo "verify:infra: skipped $entry"; done
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'verify:infra: FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "verify:infra: all checks passed"
