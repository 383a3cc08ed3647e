# The tls klib inside a Nanos tree. `make install-nanos` copies this folder to the tree's
# klib/tls/mbedtls-config/ and the mbedtls sources we build and test with (Debian's 2.28.3,
# checksum pinned, mk/mbedtls.mk) to klib/tls/mbedtls/, and includes this file from
# klib/klib-extra.mk. The tls klib is then our generated C (klib/tls/*.c, SRCS-tls), the mbedtls
# modules of modules.mk, our glue and our accelerated crypto (accel/), all compiled with our configuration (klib_config.h), and
# Debian's CA bundle.
#
# Why not the tree's own mbedtls (vendor/mbedtls, the stock tls klib's): it is a Nanos fork of
# 2.28.4 whose API takes the kernel's sstring (mbedtls_pem_read_buffer, ALPN, host names, OIDs),
# whose library compiles only with the stock configuration (klib/mbedtls_conf.h includes the
# kernel's runtime.h and maps memcpy, strcmp ... to macros), and that configuration has no
# trusted-CA callback, which our default trust is built on.
#
# Nothing here touches the tree's own build of mbedtls: our objects go under
# $(OBJDIR)/klib/tls/, built by rules of their own (a pattern rule with a shorter stem wins over
# the tree's $(OBJDIR)/klib/%.o), so the include directories of our configuration come before the
# tree's (its libc stand-ins in src/net and vendor/mbedtls/include are empty files), and the
# tree's MBEDTLS_USER_CONFIG_FILE is never read (MBEDTLS_CONFIG_FILE replaces config.h).
# The extra objects are prerequisites of the klib's link, whose recipe links all of them ($^).

include $(KLIB_DIR)/tls/mbedtls-config/modules.mk

TS_TLS_DIR=		$(KLIB_DIR)/tls
TS_TLS_CONFIG=		$(TS_TLS_DIR)/mbedtls-config
TS_TLS_MBEDTLS=		$(TS_TLS_DIR)/mbedtls
TS_TLS_OBJDIR=		$(OBJDIR)/klib/tls
TS_TLS_CA_BUNDLE_PEM?=	/etc/ssl/certs/ca-certificates.crt

# Our C library stand-ins, our configuration and Debian's headers first; then the tree's klib
# flags without its mbedtls (headers, stand-ins and configuration); gcc's own stddef.h, stdint.h
# and stdarg.h last (as system headers: the kernel's offsetof redefines theirs, as in our build).
TS_TLS_INCLUDES=	-I$(TS_TLS_CONFIG)/freestanding/include \
			-I$(TS_TLS_CONFIG) \
			-I$(TS_TLS_MBEDTLS)/include
TS_TLS_TREE_CFLAGS=	$(filter-out -I$(MBEDTLS_DIR)/include -I$(MBEDTLS_DIR)/library -DMBEDTLS_USER_CONFIG_FILE%,$(KLIB_CFLAGS)) \
			-isystem $(shell $(CC) -print-file-name=include)
TS_TLS_DEFINES=		-ffreestanding -DMBEDTLS_CONFIG_FILE='"klib_config.h"'
# libc.c defines memcpy, memmove ... as loops: gcc must not turn one back into a call to itself.
# The tree's lwIP options (through <lwip.h>) declare ptrdiff_t as unsigned long, gcc's stddef.h
# (through mbedtls's headers) as long: _GCC_PTRDIFF_T is the guard that tells gcc's header the
# type is declared elsewhere (our C and mbedtls's headers do not use it; its library, built apart
# below, does). mbedtls's library gets the warning exceptions mk/mbedtls.mk gives it (the tree's
# flags are -Wall -Werror -O3).
TS_TLS_KLIB_CFLAGS=	-fno-tree-loop-distribute-patterns -D_GCC_PTRDIFF_T
TS_TLS_MBEDTLS_CFLAGS=	-Wno-unused-parameter -Wno-sign-compare

msg_ts_tls_cc=		CC	$@
cmd_ts_tls_cc=		$(CC) $(DEPFLAGS) $(TS_TLS_INCLUDES) $(TS_TLS_TREE_CFLAGS) $(TS_TLS_DEFINES) $(TS_TLS_CFLAGS) -c $< -o $@
msg_ts_tls_as=		AS	$@
cmd_ts_tls_as=		$(CC) -DTLS_CA_BUNDLE_PEM='"$(TS_TLS_CA_BUNDLE_PEM)"' -c $< -o $@

TS_TLS_EXTRA_OBJS=	$(MBEDTLS_MODULES:%=$(TS_TLS_OBJDIR)/mbedtls/%.o) \
			$(MBEDTLS_GLUE:%=$(TS_TLS_OBJDIR)/glue/%.o) \
			$(MBEDTLS_ACCEL:%=$(TS_TLS_OBJDIR)/accel/%.o) \
			$(TS_TLS_OBJDIR)/ca_bundle.o

# the generated headers every klib object waits for (kernel.mk's GENHEADERS, not complete yet here)
TS_TLS_GENHEADERS=	$(OBJDIR)/kconfig.h $(OBJDIR)/closure_templates.h

$(TS_TLS_OBJDIR)/%.o: TS_TLS_CFLAGS= $(TS_TLS_KLIB_CFLAGS)
$(TS_TLS_OBJDIR)/%.o: $(TS_TLS_DIR)/%.c $(TS_TLS_GENHEADERS)
	@$(MKDIR) $(dir $@)
	$(call cmd,ts_tls_cc)

$(TS_TLS_OBJDIR)/mbedtls/%.o: TS_TLS_CFLAGS= $(TS_TLS_MBEDTLS_CFLAGS)
$(TS_TLS_OBJDIR)/mbedtls/%.o: $(TS_TLS_MBEDTLS)/library/%.c
	@$(MKDIR) $(dir $@)
	$(call cmd,ts_tls_cc)

$(TS_TLS_OBJDIR)/glue/%.o: TS_TLS_CFLAGS= $(TS_TLS_MBEDTLS_CFLAGS)
$(TS_TLS_OBJDIR)/glue/%.o: $(TS_TLS_CONFIG)/freestanding/%.c
	@$(MKDIR) $(dir $@)
	$(call cmd,ts_tls_cc)

$(TS_TLS_OBJDIR)/accel/%.o: TS_TLS_CFLAGS= $(TS_TLS_MBEDTLS_CFLAGS)
$(TS_TLS_OBJDIR)/accel/%.o: $(TS_TLS_CONFIG)/accel/%.c
	@$(MKDIR) $(dir $@)
	$(call cmd,ts_tls_cc)

$(TS_TLS_OBJDIR)/ca_bundle.o: $(TS_TLS_CONFIG)/tls_ca_bundle.S $(TS_TLS_CA_BUNDLE_PEM)
	@$(MKDIR) $(dir $@)
	$(call cmd,ts_tls_as)

$(OBJDIR)/bin/tls.dbg: $(TS_TLS_EXTRA_OBJS)

DEPFILES+=	$(TS_TLS_EXTRA_OBJS:.o=.d)
CLEANDIRS+=	$(TS_TLS_OBJDIR)/mbedtls $(TS_TLS_OBJDIR)/glue $(TS_TLS_OBJDIR)/accel
CLEANFILES+=	$(TS_TLS_OBJDIR)/ca_bundle.o

# cloudwatch calls the SHA-256 and HMAC of mbedtls (which our tls klib exports) through mbedtls's
# own headers: its C must see our configuration and Debian's headers, as the tls klib's C does, and
# never the tree's (whose configuration includes the kernel's runtime.h a second time). So its
# objects get a rule of their own too (a shorter stem than the tree's $(OBJDIR)/klib/%.o), with the
# tls klib's flags.
$(OBJDIR)/klib/cloudwatch/%.o: TS_TLS_CFLAGS= $(TS_TLS_KLIB_CFLAGS)
$(OBJDIR)/klib/cloudwatch/%.o: $(KLIB_DIR)/cloudwatch/%.c $(TS_TLS_GENHEADERS)
	@$(MKDIR) $(dir $@)
	$(call cmd,ts_tls_cc)
