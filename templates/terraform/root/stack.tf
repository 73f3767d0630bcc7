# The stage's resources, wired together. Names come in from tfvars already as
# <service>-<stage>-<name>, so two stages never share a resource.

module "secrets" {
  source = "./modules/secrets"
  secret = var.secret
}

module "table" {
  source              = "./modules/dynamodb_table"
  for_each            = var.tables
  table               = each.value
  deletion_protection = var.protected
  kms_key_arn         = module.secrets.kms_key_arn
}

# Each role reaches only what its handler declares (functions.<name>.tables / secret / connections);
# the stage's KMS key comes with the secret it encrypts (DynamoDB uses its own grant on the key).
# Functions get the management endpoint from the API itself, on the execute-api domain: behind a
# custom domain, https://{domainName}/{stage} from the event would answer 403. It is the SDK's
# standard variable, so boto3 in the handlers picks it up (wrapper dev sets the same one).
module "function" {
  source   = "./modules/lambda_function"
  for_each = var.functions
  function = each.value
  environment = merge(each.value.environment, local.auth_environment, {
    AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI = module.websocket.management_endpoint
  })
  log_retention_days = var.log_retention_days
  table_arns         = [for table in each.value.tables : module.table[table].arn]
  secret_arn         = each.value.secret ? module.secrets.arn : null
  kms_key_arn        = each.value.secret ? module.secrets.kms_key_arn : null
  connections_arn    = each.value.connections ? module.websocket.connections_arn : null
  layers             = aws_lambda_layer_version.deps[*].arn
}

# package.layer: the requirements uploaded once, as one layer every function uses.
resource "aws_lambda_layer_version" "deps" {
  count                    = var.layer == null ? 0 : 1
  layer_name               = var.layer.name
  filename                 = var.layer.zip_path
  source_code_hash         = var.layer.source_code_hash
  compatible_runtimes      = [var.layer.runtime]
  compatible_architectures = [var.layer.architecture]
}

module "websocket" {
  source             = "./modules/websocket_api"
  api                = var.websocket
  stage              = var.stage
  log_retention_days = var.log_retention_days
  certificate_arn    = local.api_certificate_requested ? module.api_certificate[0].certificate_arn : var.websocket.certificate_arn
  hosted_zone_id     = var.websocket.hosted_zone_id != null ? var.websocket.hosted_zone_id : local.api_zone_id
  routes = {
    for route, function in var.routes : route => {
      function_name  = module.function[function].function_name
      invoke_arn     = module.function[function].invoke_arn
      route_response = var.functions[function].route_response
    }
  }
}

# The API's custom domain: API Gateway takes a regional certificate, from the stage's own region
# (the default provider), unlike CloudFront's us-east-1 one in page.tf. Without dns.zone the
# validation records are an output and the apply waits until they resolve.
locals {
  api_certificate_requested = var.websocket.domain_name != null && var.websocket.certificate_arn == null
  api_zone                  = var.websocket.domain_name == null ? null : var.websocket.zone
}

module "api_certificate" {
  source      = "./modules/certificate"
  count       = local.api_certificate_requested ? 1 : 0
  domain_name = var.websocket.domain_name
  zone_id     = local.api_zone_id
}

# The Route 53 zones (dns.zone) the page's and the API's custom domains are validated and aliased
# in (null: none); a zone they share is looked up once.
data "aws_route53_zone" "dns" {
  for_each     = toset([for zone in [local.page_zone, local.api_zone] : zone if zone != null])
  name         = each.value
  private_zone = false
}

locals {
  page_zone_id = local.page_zone == null ? null : data.aws_route53_zone.dns[local.page_zone].zone_id
  api_zone_id  = local.api_zone == null ? null : data.aws_route53_zone.dns[local.api_zone].zone_id
}
