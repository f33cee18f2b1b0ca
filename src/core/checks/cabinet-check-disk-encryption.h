/* cabinet-check-disk-encryption.h — the parsers behind the disk-encryption check,
 * kept apart from the check so that the tests and the fuzzers can reach them
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One line of /proc/self/mountinfo, with what the check needs of it. */
typedef struct {
  guint  major;
  guint  minor;
  char  *mount_point;  /* decoded: "\040" is a space again */
  char  *fstype;       /* "ext4", "btrfs", "tmpfs"… */
  char  *source;       /* decoded: "/dev/mapper/vg-root", "tmpfs"… */
} CabinetMountEntry;

void                     cabinet_mount_entry_free (CabinetMountEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetMountEntry, cabinet_mount_entry_free)

/* Parses the text of /proc/self/mountinfo into CabinetMountEntry, in the order
 * the kernel lists them. Lines that do not parse are skipped; fails only when no
 * line does. Never reads past the end of @text, whatever it holds. */
gboolean                 cabinet_mountinfo_parse  (const char         *text,
                                                   GPtrArray         **entries,
                                                   GError            **error);

/* The mount holding @path (absolute, already normalised): the one whose mount
 * point is its longest leading run of whole components, the last one mounted
 * when two share a mount point. NULL if none does. */
const CabinetMountEntry *cabinet_mountinfo_find   (GPtrArray          *entries,
                                                   const char         *path);

/* One line of /proc/swaps. */
typedef struct {
  char  *filename;     /* decoded: "/dev/zram0", "/swapfile" */
  char  *type;         /* "partition" or "file" */
} CabinetSwapEntry;

void                     cabinet_swap_entry_free  (CabinetSwapEntry   *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetSwapEntry, cabinet_swap_entry_free)

/* Parses the text of /proc/swaps into CabinetSwapEntry; the header and lines that
 * do not parse are skipped, so an empty array means no swap. */
GPtrArray               *cabinet_swaps_parse      (const char         *text);

G_END_DECLS
