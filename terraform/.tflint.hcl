# tflint for the root and every module (`tflint --init` then `tflint --recursive --config="$PWD/.tflint.hcl"` from
# terraform/; CI: .github/workflows/terraform.yml). A finding fails CI unless its line carries
# `# tflint-ignore: <rule> # <reason>` and terraform/README.md ("Scanners") lists it.

config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "aws" {
  enabled = true
  version = "0.48.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}

# Every resource carries these through the provider's default_tags (providers.tf).
rule "aws_provider_missing_default_tags" {
  enabled = true
  tags    = ["project", "workspace", "managed-by"]
}

rule "terraform_naming_convention" {
  enabled = true
}

rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_documented_outputs" {
  enabled = true
}
