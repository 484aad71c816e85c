"""Link a login to its person record once the e-mail address is proven."""

from allauth.account.signals import email_confirmed
from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from . import services


@receiver(email_confirmed)
def link_person_on_email_confirmed(sender, request, email_address, **kwargs):
    services.person_link_user(user=email_address.user)


@receiver(user_logged_in)
def link_person_on_login(sender, request, user, **kwargs):
    services.person_link_user(user=user)
