# Workspace `prod`: terraform workspace select prod && terraform apply -var-file=workspaces/prod.tfvars
# Which workspace and account these settings are for: a plan in another workspace, in `default`, or with another
# account's credentials fails before anything changes. Replace the account with your prod account's ID.
workspace      = "prod"
aws_account_id = "222222222222"
aws_region     = "us-east-1"

# Mock sales stay off in prod; flip to true only for a controlled load test.
generator_enabled = false

high_value_threshold = 400

# The sales team's addresses; each must confirm the subscription mail once.
alert_emails = []

# Who gets paged: prod refuses to plan until one of these names someone (terraform/README.md, "Who gets paged").
# operations_emails           = ["oncall@your-company.example"]
# operations_alarm_topic_arns = ["arn:aws:sns:us-east-1:222222222222:on-call"]

# S3 server access logs of the data lake, in a log bucket of their own.
data_lake_access_logging_enabled = true

max_items_per_batch            = 160
max_input_bytes_per_batch      = 49152
max_concurrency                = 20
validator_reserved_concurrency = 20

deletion_protection = true
log_retention_days  = 90
log_level           = "INFO"
