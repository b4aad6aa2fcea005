"""A small partner POST endpoint used to test the Idempotency-Key plumbing on its own.

It is mounted only by the tests that use it (``pytest.mark.urls``); product endpoints get the same
mixin and their own tests.
"""

from django.urls import include, path
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from licang.api.idempotency import IdempotentPostMixin
from licang.api.permissions import partner_of_kind
from licang.registry.actions import community_save
from licang.registry.models import Community, Subdistrict


class CommunityInput(serializers.Serializer):
    name = serializers.CharField(max_length=50)


class CreateCommunity(IdempotentPostMixin, APIView):
    permission_classes = [partner_of_kind("social_organisation")]

    def post(self, request):
        data = CommunityInput(data=request.data)
        data.is_valid(raise_exception=True)
        community = community_save(
            community=Community(
                subdistrict=Subdistrict.objects.get(code="licun"), name=data.validated_data["name"]
            )
        )
        return Response(
            {"id": community.pk, "name": community.name}, status=status.HTTP_201_CREATED
        )


urlpatterns = [
    path("test/communities/", CreateCommunity.as_view(), name="test-create-community"),
    path("", include("licang.urls")),
]
