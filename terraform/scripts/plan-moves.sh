#!/usr/bin/env bash
# Proves a refactoring of terraform/ plans no replacement: applies the layout of <ref> with the mocked AWS provider,
# then plans this working tree's layout on the same state (terraform test, run blocks sharing a state_key), and fails
# if the plan adds, replaces or destroys anything. Prints the moves and the in-place updates: the mocked provider
# makes up computed attributes (an ARN the new layout builds from a name differs from the mock's) and the two layouts
# sit in different directories (a zip's relative filename differs), so an update in place is read, not failed.
#   terraform/scripts/plan-moves.sh <git ref> [workspace, default prod]
# Needs terraform >= 1.11 and the AWS provider (TF_PLUGIN_MIRROR=<dir> for a filesystem mirror, as .ci/run sets it).
set -euo pipefail
ref=${1:?usage: plan-moves.sh <git ref> [workspace]}
workspace=${2:-prod}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/old" "$work/new" "$work/old/dist/lambda" "$work/new/dist/lambda"
git -C "$repo" archive "$ref" terraform | tar -x -C "$work/old"
cp -r "$repo/terraform" "$work/new/"
rm -rf "$work/new/terraform/.terraform"
# A placeholder for every package either layout deploys (plan reads each zip's hash).
for zip in $(grep -rhoE 'dist/lambda/[A-Za-z0-9_-]+\.zip' --include='*.tf' "$work/old/terraform" "$work/new/terraform" | sort -u); do
  printf 'placeholder' > "$work/new/$zip"
  cp "$work/new/$zip" "$work/old/$zip"
done
if [ -n "${TF_PLUGIN_MIRROR:-}" ]; then
  printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct { exclude = ["registry.terraform.io/*/*"] }\n}\n' "$TF_PLUGIN_MIRROR" > "$work/terraformrc"
  export TF_CLI_CONFIG_FILE="$work/terraformrc"
fi
cat > "$work/new/terraform/tests/moves.tftest.hcl" <<'HCL'
mock_provider "aws" {
  source = "./tests/mocks"
}

# As tests/workspaces.tftest.hcl: the mocked provider's account, and someone to page, which the guards require.
variables {
  aws_account_id              = "123456789012"
  operations_alarm_topic_arns = ["arn:aws:sns:us-east-1:123456789012:on-call"]
}

run "previous_layout" {
  state_key = "stack"
  module {
    source = "../../old/terraform"
  }
}

run "this_layout" {
  state_key = "stack"
  command   = plan
}
HCL
cd "$work/new/terraform"
terraform init -backend=false -input=false > /dev/null
TF_WORKSPACE=$workspace terraform test -no-color -verbose -filter=tests/moves.tftest.hcl -var-file="workspaces/$workspace.tfvars" > "$work/plan.txt"
grep -E '^  # .* (has moved to|will be|must be)' "$work/plan.txt" || true
# What each in-place update changes (expected: a zip's filename, the two layouts sitting in different directories).
grep -E '^ +~ [a-z_]+ += ' "$work/plan.txt" || true
grep -E '^Plan:' "$work/plan.txt"
if grep -qE '(must be replaced|will be created|will be destroyed)' "$work/plan.txt"; then
  echo "the plan replaces, creates or destroys resources" >&2
  exit 1
fi
