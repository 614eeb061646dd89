#!/usr/bin/env bash
# Train on a lent GPU machine in ONE call of the device tool (a machine is given back 30 s after
# a call ends, so runs left behind would not outlive it). Here first: .venv/bin/python training/gpu_pack.py
# Then, from the device tool:
#   run(command="bash training/gpu_run.sh", carry=["gpu"], timeout_s=600)
# It checks CUDA, runs each trainer for 2 iterations (a crash costs seconds, not the budget), trains
# the runs below side by side for TRAIN_SECONDS, stops them, and puts in $OUT what comes back:
#   adaptive_wide.safetensors   a fresh, wider per-artist network (#7's lever), all 15 artists
#   adaptive_more.safetensors   the shipped per-artist network trained on at a GPU's batch size
#   decoder.safetensors         the shipped AdaIN decoder trained on (fp16, as shipped; #6)
#   *.log                       each run's log (iterations, losses, speed)
# Then judge them here, on validation photos only (docs/adaptive.md, training/README.md).
# Every setting is an environment variable; locally `OUT=/tmp/gpu_out DEVICE=cpu TRAIN_SECONDS=30
# SMOKE=0 BATCH=1 CROP=64 SAVE_EVERY=1 bash training/gpu_run.sh` runs the same steps on a CPU.
set -uo pipefail
cd "$(dirname "$0")/.."
# At most 8 files come back from $OUT (16 MiB each): 3 weights and 3 logs.

DEVICE=${DEVICE:-cuda}
TRAIN_SECONDS=${TRAIN_SECONDS:-420}
SMOKE=${SMOKE:-1}
BATCH=${BATCH:-16}
CROP=${CROP:-192}
DECODER_BATCH=${DECODER_BATCH:-32}
DECODER_CROP=${DECODER_CROP:-256}
SAVE_EVERY=${SAVE_EVERY:-250}
WIDE_CHANNELS=${WIDE_CHANNELS:-32,64,128}
OUT=${OUT:?the device tool sets OUT}
PY=${PY:-python3}
DATA=gpu/data/train
RUNS=${RUNS:-/tmp/gpu_runs}

export PYTHONPATH="$PWD/gpu/site${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
test -d "$DATA/content" || { echo "no $DATA: run training/gpu_pack.py here and carry gpu/"; exit 2; }
"$PY" -c "import torch, sys; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(),
torch.cuda.get_device_name() if torch.cuda.is_available() else '')
sys.exit('$DEVICE'.startswith('cuda') and not torch.cuda.is_available())" || { echo "no CUDA"; exit 2; }
ARTISTS=$("$PY" -c "from engine.adaptive import AdaptiveModel, DEFAULT_ADAPTIVE
print(' '.join(AdaptiveModel.load(DEFAULT_ADAPTIVE).artists))")
echo "artists: $ARTISTS"

common=(--data "$DATA" --device "$DEVICE" --save-every "$SAVE_EVERY")
wide=(train-artist $ARTISTS --fresh --channels "$WIDE_CHANNELS" --skips --loss score --style-weight 1
      --batch "$BATCH" --crop "$CROP" --lr 1e-3)
more=(train-artist $ARTISTS --shared --loss score --style-weight 1 --batch "$BATCH" --crop "$CROP" --lr 2e-4)
decoder=(train-decoder --init engine/weights/decoder.safetensors --batch "$DECODER_BATCH"
         --crop "$DECODER_CROP" --lr 1e-4)

if [ "$SMOKE" = 1 ]; then
    for name in wide more decoder; do
        declare -n args=$name
        mkdir -p "$RUNS"
        if ! "$PY" -m engine "${args[@]}" "${common[@]}" --iterations 2 --out "$RUNS/smoke_$name" \
                > "$RUNS/smoke_$name.log" 2>&1; then
            echo "smoke run $name failed:"; tail -30 "$RUNS/smoke_$name.log"; exit 1
        fi
    done
    echo "smoke runs passed"
fi

"$PY" -m engine "${wide[@]}" "${common[@]}" --iterations 1000000 --out "$RUNS/wide" > "$OUT/adaptive_wide.log" 2>&1 &
"$PY" -m engine "${more[@]}" "${common[@]}" --iterations 1000000 --out "$RUNS/more" > "$OUT/adaptive_more.log" 2>&1 &
"$PY" -m engine "${decoder[@]}" "${common[@]}" --iterations 1000000 --out "$RUNS/decoder" > "$OUT/decoder.log" 2>&1 &
sleep "$TRAIN_SECONDS"
kill $(jobs -p) 2>/dev/null
wait
for log in "$OUT"/adaptive_wide.log "$OUT"/adaptive_more.log "$OUT"/decoder.log; do
    echo "== $log"; grep -E "it [0-9]+/" "$log" | tail -2; grep -iE "error|traceback" "$log" | tail -3
done

# The last saved checkpoints (saves are atomic: a file is whole or the one before it).
cp "$RUNS/wide/adaptive.safetensors" "$OUT/adaptive_wide.safetensors" 2>/dev/null
cp "$RUNS/more/adaptive.safetensors" "$OUT/adaptive_more.safetensors" 2>/dev/null
test -f "$RUNS/decoder/decoder.safetensors" && "$PY" -m engine export-decoder "$RUNS/decoder/decoder.safetensors" \
    -o "$OUT/decoder.safetensors"
ls -la "$OUT"
