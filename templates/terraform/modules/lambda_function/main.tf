# One Lambda function from a zip, its log group, and an IAM role whose policy names only
# what this function declared it uses among the stage's tables, secret, KMS key and this
# API's @connections: no wildcard resources, and nothing for a function that uses nothing.

variable "function" {
  description = "The function: its name, code and sizing (functions.<name> in wrapper.toml)."
  type = object({
    name                 = string           # <service>-<stage>-<name> (at most 64 characters)
    handler              = string           # module.function (e.g. play.handler)
    runtime              = string           # Lambda runtime, e.g. python3.12
    architecture         = string           # arm64 or x86_64
    memory               = number           # MB (128-10240)
    timeout              = number           # seconds (1-900; API Gateway waits 29 at most)
    zip_path             = string           # the deployment zip, relative to the rendered folder
    source_code_hash     = string           # base64 SHA-256 of the zip, so Terraform updates the code exactly when it changes
    reserved_concurrency = optional(number) # reserved concurrent executions; null shares the account's unreserved pool
  })
}

variable "environment" {
  description = "Environment variables of the function."
  type        = map(string)
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the function's logs."
  type        = number
}

variable "table_arns" {
  description = "ARNs of the stage tables this function may use."
  type        = list(string)
}

variable "secret_arn" {
  description = "ARN of the stage secret the function reads, or null if it does not read it."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "ARN of the stage KMS key (it encrypts the secret), or null if the function does not read the secret."
  type        = string
  default     = null
}

variable "layers" {
  description = "ARNs of the layer versions the function uses (the stage's dependency layer, if any)."
  type        = list(string)
  default     = []
}

variable "connections_arn" {
  description = "execute-api ARN of this API's @connections, e.g. arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/POST/@connections/*"
  type        = string
  default     = null
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.function.name
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:function logs use CloudWatch's own encryption; a CMK per log group adds cost without a reader to protect against
  #checkov:skip=CKV_AWS_338:retention is configured per service (service.log_retention_days), 14 days by default
  name              = "/aws/lambda/${var.function.name}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "access" {
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  dynamic "statement" {
    for_each = length(var.table_arns) > 0 ? [1] : []
    content {
      sid = "UseStageTables"
      actions = [
        "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
        "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
      ]
      resources = concat(var.table_arns, [for arn in var.table_arns : "${arn}/index/*"])
    }
  }

  dynamic "statement" {
    for_each = var.secret_arn == null ? [] : [var.secret_arn]
    content {
      sid       = "ReadStageSecret"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]
    content {
      sid       = "UseStageKey"
      actions   = ["kms:Decrypt"] # reading the secret; DynamoDB uses its own grant on the key
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.connections_arn == null ? [] : [var.connections_arn]
    content {
      sid       = "PostToOwnApiConnections"
      actions   = ["execute-api:ManageConnections"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "access" {
  name   = "${var.function.name}-access"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.access.json
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_116:WebSocket routes are invoked synchronously by API Gateway; a dead-letter queue never receives them
  #checkov:skip=CKV_AWS_117:API Gateway and DynamoDB are reached over their public endpoints; a VPC would add NAT cost to every stage
  #checkov:skip=CKV_AWS_173:environment variables hold names, not secrets; secrets live in Secrets Manager
  #checkov:skip=CKV_AWS_272:code signing needs a signing profile per account; zips are content-hashed instead
  #checkov:skip=CKV_AWS_115:reserved concurrency is a per-function setting (functions.<name>.reserved_concurrency); unset shares the account pool so a busy room is not throttled by a default
  function_name    = var.function.name
  role             = aws_iam_role.this.arn
  handler          = var.function.handler
  runtime          = var.function.runtime
  architectures    = [var.function.architecture]
  memory_size      = var.function.memory
  timeout          = var.function.timeout
  filename         = var.function.zip_path
  source_code_hash = var.function.source_code_hash
  layers           = var.layers
  # -1: no reservation (the provider's own default)
  reserved_concurrent_executions = var.function.reserved_concurrency == null ? -1 : var.function.reserved_concurrency

  environment {
    variables = var.environment
  }

  tracing_config {
    mode = "PassThrough"
  }

  depends_on = [aws_iam_role_policy.access, aws_cloudwatch_log_group.this]
}

output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "log_group" {
  description = "CloudWatch log group of the function."
  value       = aws_cloudwatch_log_group.this.name
}

output "arn" {
  description = "ARN of the function."
  value       = aws_lambda_function.this.arn
}

output "invoke_arn" {
  description = "ARN API Gateway invokes the function with."
  value       = aws_lambda_function.this.invoke_arn
}

output "role_name" {
  description = "Name of the function's IAM role."
  value       = aws_iam_role.this.name
}
