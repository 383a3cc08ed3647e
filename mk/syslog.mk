# The syslog klib's tests run a real rsyslog from Debian on loopback (imudp,
# imtcp, and TLS through its gnutls driver); certtool (gnutls-bin) makes the
# test CA and server certificate.
APT_TEST_PKGS += rsyslog rsyslog-gnutls gnutls-bin
