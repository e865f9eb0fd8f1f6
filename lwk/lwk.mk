# Included by the top-level Makefile: builds the LWK image.
# Defines LWK_IMAGE (the ELF) and LWK_UNIT_SRCS (LWK pure logic the host
# unit tests compile).
LWK_IMAGE	:= $(BUILD)/lwk/lwk.elf
LWK_UNIT_SRCS	:= lwk/lib/vsnprintf.c lwk/mm/page_alloc.c
