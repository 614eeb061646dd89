#!/usr/bin/env bash
# Train per-artist networks on a lent GPU machine in ONE call of the device tool (a machine is
# given back 30 s after a call ends, so runs left behind would not outlive it).
# Here first: .venv/bin/python training/gpu_pack.py      (gpu/: photos at the crop's scale, VGG)
# Then, from the device tool:
#   run(command="bash training/gpu_run.sh", carry=["gpu"], timeout_s=600)
# It checks CUDA, runs each trainer for 2 iterations (a crash costs seconds, not the budget), trains
# both runs side by side until DEADLINE seconds after it started, and leaves in $OUT (at most 8
# files come back; these are 5), also when it is stopped early:
#   adaptive_wide.safetensors   a fresh, wider network (#7's lever) for the 15 artists
#   adaptive_more.safetensors   the shipped network trained on at a GPU's batch size
#   adaptive_wide.log, adaptive_more.log
#   refine_speed.md             bench.refine_speed on the GPU: the fast path with 0-20 refine_steps, /hq
# Then judge them here, on validation photos only (docs/adaptive.md, training/README.md).
# Every setting is an environment variable. On a CPU, to try the script itself:
#   OUT=/tmp/gpu_out DEVICE=cpu DEADLINE=120 BATCH=1 CROP=64 SAVE_EVERY=1 PY=.venv/bin/python bash training/gpu_run.sh
set -uo pipefail
cd "$(dirname "$0")/.."

DEVICE=${DEVICE:-cuda}
DEADLINE=${DEADLINE:-510}          # seconds after the start: training stops, the checkpoints go to $OUT
SMOKE=${SMOKE:-1}
BATCH=${BATCH:-16}
CROP=${CROP:-192}                  # gpu_pack.py --short-side must be at least this
SAVE_EVERY=${SAVE_EVERY:-100}      # periodic checkpoints, for a run killed before it could save
GRACE=${GRACE:-45}                 # seconds a stopped trainer gets to save the iteration under way
WIDE_CHANNELS=${WIDE_CHANNELS:-32,64,128}
OUT=${OUT:?the device tool sets OUT}
PY=${PY:-python3}
DATA=gpu/data/train
RUNS=${RUNS:-/tmp/gpu_runs}
mkdir -p "$OUT" "$RUNS"

collect() {
    # Saves are atomic: each file is whole, the last one saved.
    for run in wide more; do
        cp "$RUNS/$run/adaptive.safetensors" "$OUT/adaptive_$run.safetensors" 2>/dev/null
    done
    ls -la "$OUT"
}
stop_runs() {
    # SIGTERM: each trainer finishes the iteration under way and saves it (its resume point), so
    # collect must wait for them; GRACE bounds that wait, then whatever is left is killed.
    test -z "$(jobs -rp)" && return
    kill $(jobs -rp) 2>/dev/null
    local waited=0
    while [ -n "$(jobs -rp)" ] && [ "$waited" -lt "$GRACE" ]; do sleep 1; waited=$((waited + 1)); done
    if [ -n "$(jobs -rp)" ]; then
        echo "runs still going ${GRACE} s after SIGTERM: killed; their last periodic checkpoint comes back"
        kill -9 $(jobs -rp) 2>/dev/null
    fi
    wait
}
trap collect EXIT
trap 'stop_runs; exit 143' TERM INT     # stopped early: the runs save and stop, collect still runs

export PYTHONPATH="$PWD/gpu/site${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
test -d "$DATA/content" || { echo "no $DATA: run training/gpu_pack.py here and carry gpu/"; exit 2; }
"$PY" -c "import torch, sys; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(),
torch.cuda.get_device_name() if torch.cuda.is_available() else '')
sys.exit('$DEVICE'.startswith('cuda') and not torch.cuda.is_available())" || { echo "no CUDA"; exit 2; }
# What refine_steps costs on this GPU (seconds only, ~1 min): whether a few Adam steps on the
# score after the fast path fit a "within seconds" reply (docs/quality.md).
PHOTO=$(ls "$DATA"/content/* 2>/dev/null | head -1)
timeout 120 "$PY" -m bench.refine_speed --device "$DEVICE" --photo "$PHOTO" --out "$OUT/refine_speed.md" > /dev/null 2>&1 \
    && echo "refine_speed.md written at $SECONDS s" || echo "bench.refine_speed failed or ran out of time (the training goes on)"

ARTISTS=$("$PY" -c "from engine.adaptive import AdaptiveModel, DEFAULT_ADAPTIVE
print(' '.join(AdaptiveModel.load(DEFAULT_ADAPTIVE).artists))") && test -n "$ARTISTS" \
    || { echo "could not list the shipped model's artists"; exit 2; }
echo "artists: $ARTISTS"

common=(--data "$DATA" --device "$DEVICE" --save-every "$SAVE_EVERY" --batch "$BATCH" --crop "$CROP"
        --loss score --style-weight 1)
wide=(train-artist $ARTISTS --fresh --channels "$WIDE_CHANNELS" --skips --lr 1e-3)
more=(train-artist $ARTISTS --shared --lr 2e-4)

if [ "$SMOKE" = 1 ]; then
    for name in wide more; do
        declare -n args=$name
        if ! "$PY" -m engine "${args[@]}" "${common[@]}" --iterations 2 --out "$RUNS/smoke_$name" \
                > "$RUNS/smoke_$name.log" 2>&1; then
            echo "smoke run $name failed:"; tail -30 "$RUNS/smoke_$name.log"; exit 1
        fi
    done
    echo "smoke runs passed at $SECONDS s"
fi

"$PY" -m engine "${wide[@]}" "${common[@]}" --iterations 1000000 --out "$RUNS/wide" > "$OUT/adaptive_wide.log" 2>&1 &
"$PY" -m engine "${more[@]}" "${common[@]}" --iterations 1000000 --out "$RUNS/more" > "$OUT/adaptive_more.log" 2>&1 &
while [ "$SECONDS" -lt "$DEADLINE" ] && [ -n "$(jobs -rp)" ]; do sleep 2; done
stop_runs
for log in "$OUT"/adaptive_wide.log "$OUT"/adaptive_more.log; do
    echo "== $log"; grep -E "it [0-9]+/" "$log" | tail -2; grep -iE "error|traceback" "$log" | tail -3
done
