from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAdminUser

from apps.accounts import services
from apps.accounts.models import AccessLog, User


class IsPortalAdmin(IsAdminUser):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_superuser or user.role == User.Role.ADMIN))


class AuditsTraineesShown:
    """A view that shows trainees' contacts (or NIKs) to someone other than their own BLKK
    (employers, admins): its serializer, or the view itself, adds each such trainee's id to
    ``context["trainees_shown"]``, and a successful response, one object or a page of a list,
    writes them all to the access log as ``audited_action`` (UU PDP) in one INSERT."""

    audited_action = AccessLog.Action.VIEW_CONTACT

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "trainees_shown": self.trainees_shown}

    @property
    def trainees_shown(self) -> set[int]:
        """One set for the request, whatever asks for it."""
        return self.__dict__.setdefault("_trainees_shown", set())

    def finalize_response(self, request, response, *args, **kwargs):
        shown = self.__dict__.get("_trainees_shown")
        if shown and response.status_code < 400:
            services.access_log_record(
                user=request.user, action=self.audited_action, trainee_ids=shown, request=request
            )
        return super().finalize_response(request, response, *args, **kwargs)


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "password",
            "email",
            "first_name",
            "last_name",
            "role",
            "blkk",
            "employer",
            "scope_province",
            "scope_regency",
            "is_active",
        ]

    def create(self, validated_data):
        if "password" not in validated_data:
            raise serializers.ValidationError({"password": [_("This field is required.")]})
        return services.user_create(**validated_data)

    def update(self, instance, validated_data):
        password = validated_data.pop("password", None)
        return services.user_update(user=instance, data=validated_data, password=password)


class UserViewSet(viewsets.ModelViewSet):
    """Portal accounts with their role and scope. Administrators only."""

    queryset = User.objects.order_by("username")
    serializer_class = UserSerializer
    permission_classes = [IsPortalAdmin]
    filterset_fields = ["role", "blkk", "employer", "is_active"]
