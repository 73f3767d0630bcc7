output "websocket_url" {
  description = "wss:// URL clients connect to."
  value       = module.websocket.websocket_url
}

output "management_endpoint" {
  description = "Endpoint of the @connections management API."
  value       = module.websocket.management_endpoint
}

output "table_names" {
  value = { for key, table in module.table : key => table.name }
}

output "secret_arn" {
  value = module.secrets.arn
}

output "function_names" {
  value = { for key, function in module.function : key => function.function_name }
}
