# Workspace `dev`: terraform workspace select dev && terraform apply -var-file=workspaces/dev.tfvars
# Which workspace and account these settings are for: a plan in another workspace, in `default`, or with another
# account's credentials fails before anything changes. Replace the account with your dev account's ID.
workspace      = "dev"
aws_account_id = "111111111111"
aws_region     = "us-east-1"

# The generator writes one mock order file a minute: the pipeline runs end to end.
generator_enabled             = true
generator_schedule_expression = "rate(1 minute)"
generator_orders_per_file     = 25
generator_invalid_share       = 0.1

high_value_threshold = 400

# No e-mail in dev: an unconfirmed subscription stays pending and can block destroy.
alert_emails = []

# dev is throw-away: destroy may empty the versioned bucket.
data_lake_force_destroy = true
deletion_protection     = false

log_retention_days = 14
log_level          = "DEBUG"
