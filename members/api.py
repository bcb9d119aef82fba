"""API views of the members app."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .access import viewer_for


class OrganisationRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    handle = serializers.CharField(
        help_text="How others name this member: @handle in posts, recipients in the API."
    )
    role = serializers.CharField(help_text="public, pending, member, org_admin, editor or staff")
    organisation = OrganisationRefSerializer(allow_null=True)


class MeView(APIView):
    """Who the token belongs to, and what the platform lets them see."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        membership = getattr(user, "membership", None)
        organisation = membership.organisation if membership else None
        data = {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "handle": user.handle,
            "role": viewer_for(user).role,
            "organisation": {"slug": organisation.slug, "name": organisation.name}
            if organisation
            else None,
        }
        return Response(MeSerializer(data).data)
