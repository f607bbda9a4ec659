#!/bin/sh
# encode.sh PROTOC PROTO_DIR OUT_DIR SRC_DIR...: encodes every `*.txtpb` of the
# SRC_DIRs (later ones replace earlier files of the same name; a file holding
# only `# delete` removes it) into OUT_DIR/NAME.pb, as the message its
# `_1/_2/_3` suffix names.
set -e
protoc=$1; protos=$2; out=$3; shift 3
rm -rf "$out"; mkdir -p "$out"
for src in "$@"; do
  for f in "$src"/*.txtpb; do
    name=$(basename "$f" .txtpb)
    if grep -q '^# delete' "$f"; then rm -f "$out/$name.pb"; continue; fi
    case "$name" in
      *_1) msg=flyteidl.admin.TaskSpec; proto=flyteidl/admin/task.proto ;;
      *_2) msg=flyteidl.admin.WorkflowSpec; proto=flyteidl/admin/workflow.proto ;;
      *_3) msg=flyteidl.admin.LaunchPlan; proto=flyteidl/admin/launch_plan.proto ;;
      *) echo "encode.sh: no suffix: $f" >&2; exit 1 ;;
    esac
    "$protoc" -I"$protos" --encode=$msg $proto < "$f" > "$out/$name.pb"
  done
done
