# Workspace `local`: read by the local runner (npm start), never applied to AWS.
# The runner evaluates local.names with account 000000000000 and this aws_region, and
# renders the templates with the values below.
project        = "sales-pipeline"
workspace      = "local"
aws_account_id = "000000000000"
aws_region     = "us-east-1"

generator_enabled             = true
generator_schedule_expression = "rate(1 minute)"
generator_orders_per_file     = 25
generator_invalid_share       = 0.2

high_value_threshold = 400

alert_emails = []

# Small batches so that one generated file spreads over several Express children.
max_items_per_batch            = 10
max_input_bytes_per_batch      = 49152
max_concurrency                = 4
validator_reserved_concurrency = 4

deletion_protection = false
log_retention_days  = 1
log_level           = "DEBUG"
