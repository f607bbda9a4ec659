"""Prints the diagnostic sample of README.md (the first fenced block that
starts with `pipeline.flyte:`), for readme-sample.test to compare with what
`flytec check` prints for Inputs/pipeline.flyte."""
import re, sys

text = open(sys.argv[1]).read()
for body in re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M):
    if body.startswith("pipeline.flyte:"):
        sys.stdout.write(body)
        sys.exit(0)
sys.exit("README.md has no block starting with `pipeline.flyte:`")
