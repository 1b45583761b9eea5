# Workspace `prod`: terraform workspace select prod && terraform apply -var-file=workspaces/prod.tfvars
aws_region = "us-east-1"

# Mock sales stay off in prod; flip to true only for a controlled load test.
generator_enabled = false

high_value_threshold = 400

# The sales team's addresses; each must confirm the subscription mail once.
alert_emails = []

max_items_per_batch            = 160
max_input_bytes_per_batch      = 49152
max_concurrency                = 20
validator_reserved_concurrency = 20

deletion_protection = true
log_retention_days  = 90
log_level           = "INFO"
