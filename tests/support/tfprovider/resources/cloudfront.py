"""CloudFront: served in the schema so the page module validates and plans; applying it is not backed yet.

moto has distributions and origin access controls but no response headers policies, and the
distribution's configuration mapping is large; until a test applies the page module, creating
these types fails with a clear diagnostic instead of pretending.
"""

from __future__ import annotations

from tests.support.tfprovider.base import ProviderError, ResourceType, State


class _NotBacked(ResourceType):
    def create(self, planned: State) -> State:
        raise ProviderError(f"{self.type_name} is not backed by the test provider yet", "plan works; apply needs a class in resources/")

    def delete(self, state: State) -> None:
        raise ProviderError(f"{self.type_name} is not backed by the test provider yet")


class Distribution(_NotBacked):
    type_name = "aws_cloudfront_distribution"


class OriginAccessControl(_NotBacked):
    type_name = "aws_cloudfront_origin_access_control"


class ResponseHeadersPolicy(_NotBacked):
    type_name = "aws_cloudfront_response_headers_policy"
