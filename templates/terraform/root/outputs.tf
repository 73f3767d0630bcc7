# Named after terraform-aws-modules (apigateway-v2, lambda, dynamodb-table) so the outputs read familiar.

output "api_id" {
  description = "Id of the WebSocket API."
  value       = module.websocket.api_id
}

output "api_arn" {
  description = "ARN of the WebSocket API."
  value       = module.websocket.api_arn
}

output "api_execution_arn" {
  description = "execute-api ARN of the API, the prefix for Lambda permissions and IAM policies."
  value       = module.websocket.execution_arn
}

output "websocket_url" {
  description = "wss:// URL clients connect to (the custom domain when there is one)."
  value       = module.websocket.websocket_url
}

output "stage_invoke_url" {
  description = "wss:// URL of the stage on the execute-api domain."
  value       = module.websocket.stage_invoke_url
}

output "management_endpoint" {
  description = "https:// endpoint of the @connections management API, as the functions get it."
  value       = module.websocket.management_endpoint
}

output "domain_name_target" {
  description = "Custom domain only: target domain name and hosted zone id for a DNS alias record (null without one)."
  value       = module.websocket.domain_target
}

output "api_dns_records" {
  description = "DNS records to create by hand for websocket.domain_name when dns.zone is not set (certificate validation, then the API)."
  value = var.websocket.domain_name == null || local.api_zone != null ? [] : concat(
    local.api_certificate_requested ? module.api_certificate[0].validation_records : [],
    [{ name = var.websocket.domain_name, type = "CNAME", value = module.websocket.domain_target.domain_name }],
  )
}

output "access_log_group" {
  description = "CloudWatch log group of the stage's access logs."
  value       = module.websocket.access_log_group
}

output "table_names" {
  description = "DynamoDB table names by logical name."
  value       = { for key, table in module.table : key => table.name }
}

output "table_arns" {
  description = "DynamoDB table ARNs by logical name."
  value       = { for key, table in module.table : key => table.arn }
}

output "function_names" {
  description = "Lambda function names by logical name."
  value       = { for key, function in module.function : key => function.function_name }
}

output "function_arns" {
  description = "Lambda function ARNs by logical name."
  value       = { for key, function in module.function : key => function.arn }
}

output "function_log_groups" {
  description = "CloudWatch log group of each function, by logical name."
  value       = { for key, function in module.function : key => function.log_group }
}

output "secret_arn" {
  description = "ARN of the stage's Secrets Manager secret."
  value       = module.secrets.arn
}

output "secret_name" {
  description = "Name of the stage's Secrets Manager secret."
  value       = module.secrets.name
}
