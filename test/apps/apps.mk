# Included by the top-level Makefile: programs run under mcexec by the
# guest tests, each built static with glibc and with musl.
# MC_APPS lists them; `make guest-files` puts them in /usr/lib/ihk-test/apps/.

MC_APPS		:=
