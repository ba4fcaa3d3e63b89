"""`make run`'s local SMTP sink and the administrators' "Sent mail" page."""

import smtplib
import subprocess
import sys
from email.message import EmailMessage

import pytest
from django.urls import reverse

from tests.realparts import BASE_DIR, free_port, wait_until


@pytest.fixture
def sink(tmp_path, settings):
    port = free_port()
    directory = tmp_path / "mail"
    process = subprocess.Popen(
        [sys.executable, "-m", "messaging.smtp_sink", "--port", str(port), "--dir", str(directory)],
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert "SMTP sink listening" in process.stdout.readline()
    settings.SMTP_SINK_DIR = str(directory)
    yield port, directory
    process.terminate()
    process.wait(10)


def send(port: int, subject: str, body: str = "Hello", html: str = "") -> None:
    message = EmailMessage()
    message["From"] = "noreply@example.com"
    message["To"] = "ann@example.com"
    message["Subject"] = subject
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
        smtp.send_message(message)


def test_the_sink_keeps_what_it_receives_and_administrators_read_it(client, admin_user, sink):
    port, directory = sink
    send(port, "First")
    send(port, "面试邀请", body="您好", html="<p><b>您好</b></p>")
    wait_until(lambda: len(list(directory.glob("*.eml"))) == 2, "two messages stored")
    client.force_login(admin_user)

    listing = client.get(reverse("messaging:sink-list"))
    html = listing.content.decode()
    assert listing.status_code == 200
    assert html.index("面试邀请") < html.index("First")  # newest first
    name = sorted(p.name for p in directory.glob("*.eml"))[-1]
    detail = client.get(reverse("messaging:sink-detail", args=[name]))
    assert detail.status_code == 200
    assert "您好" in detail.content.decode()
    assert "&lt;b&gt;您好&lt;/b&gt;" in detail.content.decode()  # HTML shown as source, never run
    assert reverse("messaging:sink-list") in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("persona", ["recruiter", "coordinator", "reviewer", "interviewer", "hiring_manager"])
def test_the_sent_mail_page_does_not_exist_for_anyone_but_administrators(client, personas, sink, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("messaging:sink-list")).status_code == 404
    assert reverse("messaging:sink-list") not in client.get(reverse("home")).content.decode()


def test_without_a_local_sink_the_page_does_not_exist(client, admin_user, settings):
    settings.SMTP_SINK_DIR = None
    client.force_login(admin_user)
    assert client.get(reverse("messaging:sink-list")).status_code == 404


def test_a_message_name_outside_the_sink_is_a_404(client, admin_user, sink):
    client.force_login(admin_user)
    for name in ["..%2F..%2Fsettings.py", "nope.eml", "1-deadbeef.eml"]:
        assert client.get(f"/messages/sent-mail/{name}/").status_code == 404


def test_the_page_refuses_post(client, admin_user, sink):
    client.force_login(admin_user)
    assert client.post(reverse("messaging:sink-list")).status_code == 405
