/* test-check-disk.c — the disk-encryption check, against made-up system roots
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test builds the few files of /proc and /sys that the check reads in a
 * temporary folder, as plain files and folders (the real /sys is made of symbolic
 * links, which the check must not depend on), and points the check at it. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cabinet-check.h"
#include "cabinet-check-disk-encryption.h"
#include "cabinet-test-utils.h"

typedef struct {
  char *root;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->root = cabinet_test_make_dir ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cabinet_test_remove_dir (f->root);
  g_free (f->root);
}

static void
check_contains (const char *file,
                int         line,
                const char *func,
                const char *haystack,
                const char *needle,
                gboolean    expected)
{
  g_autofree char *message = NULL;
  gboolean found = haystack != NULL && strstr (haystack, needle) != NULL;

  if (found == expected)
    return;
  message = g_strdup_printf ("“%s” %s in “%s”", needle, expected ? "not found" : "found",
                             haystack ? haystack : "(null)");
  g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
}

#define assert_contains(haystack, needle) \
  check_contains (__FILE__, __LINE__, G_STRFUNC, (haystack), (needle), TRUE)
#define assert_not_contains(haystack, needle) \
  check_contains (__FILE__, __LINE__, G_STRFUNC, (haystack), (needle), FALSE)

/* ─── Building a system root ──────────────────────────────────────────────── */

static void
make_dir (Fixture    *f,
          const char *path)
{
  cabinet_test_make_subdir (f->root, path);
}

static void
write_file (Fixture    *f,
            const char *path,
            const char *contents)
{
  cabinet_test_write_file (f->root, path, contents, -1);
}

/* A device in /sys/class/block: its number, its device-mapper uuid and name when
 * it is one, and the devices it is built on (space-separated). */
static void
add_device (Fixture    *f,
            const char *name,
            const char *number,
            const char *dm_uuid,
            const char *dm_name,
            const char *slaves)
{
  g_autofree char *dev = g_strdup_printf ("/sys/class/block/%s/dev", name);
  g_autofree char *contents = g_strdup_printf ("%s\n", number);

  write_file (f, dev, contents);
  if (dm_uuid)
    {
      g_autofree char *path = g_strdup_printf ("/sys/class/block/%s/dm/uuid", name);
      g_autofree char *text = g_strdup_printf ("%s\n", dm_uuid);

      write_file (f, path, text);
    }
  if (dm_name)
    {
      g_autofree char *path = g_strdup_printf ("/sys/class/block/%s/dm/name", name);
      g_autofree char *text = g_strdup_printf ("%s\n", dm_name);

      write_file (f, path, text);
    }
  if (slaves)
    {
      g_auto(GStrv) names = g_strsplit (slaves, " ", -1);
      g_autofree char *dir = g_strdup_printf ("/sys/class/block/%s/slaves", name);

      make_dir (f, dir);
      for (guint i = 0; names[i]; i++)
        {
          g_autofree char *path = g_strdup_printf ("%s/%s", dir, names[i]);

          write_file (f, path, "");
        }
    }
}

static void
write_os_release (Fixture    *f,
                  const char *id)
{
  g_autofree char *text = g_strdup_printf ("NAME=\"Some Linux\"\nID=%s\n", id);

  write_file (f, "/etc/os-release", text);
}

#define SWAPS_HEADER "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"

/* What every system has beside its disks, and none of which matters. */
#define PSEUDO_MOUNTS \
  "22 28 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n" \
  "23 28 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw\n" \
  "25 28 0:24 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=3264504k,mode=755\n" \
  "40 25 0:38 / /run/user/1000 rw,nosuid,nodev,relatime shared:300 - tmpfs tmpfs rw,size=1632248k,mode=700,uid=1000,gid=1000\n"

/* Debian's "Guided - use entire disk and set up encrypted LVM": an EFI and a /boot
 * partition in clear, then LUKS (dm-0) holding LVM, with root (dm-1) and swap (dm-2). */
#define LVM_ROOT_MOUNT \
  "28 1 254:1 / / rw,relatime shared:1 - ext4 /dev/mapper/vg-root rw,errors=remount-ro\n" \
  "30 28 259:2 / /boot rw,relatime shared:29 - ext4 /dev/nvme0n1p2 rw\n" \
  "31 30 259:1 / /boot/efi rw,relatime shared:30 - vfat /dev/nvme0n1p1 rw,fmask=0077,dmask=0077\n"

static void
add_luks_over_lvm (Fixture *f)
{
  add_device (f, "nvme0n1", "259:0", NULL, NULL, NULL);
  add_device (f, "nvme0n1p1", "259:1", NULL, NULL, NULL);
  add_device (f, "nvme0n1p2", "259:2", NULL, NULL, NULL);
  add_device (f, "nvme0n1p3", "259:3", NULL, NULL, NULL);
  add_device (f, "dm-0", "254:0", "CRYPT-LUKS2-5c1e0b3a9d2f4e6a8b7c6d5e4f3a2b1c-nvme0n1p3_crypt",
              "nvme0n1p3_crypt", "nvme0n1p3");
  add_device (f, "dm-1", "254:1", "LVM-Qm3pX2fd7kTuvwxyz0123456789abcdefGHIJKLMNOPqrstuvwxyz0123",
              "vg-root", "dm-0");
  add_device (f, "dm-2", "254:2", "LVM-Qm3pX2fd7kTuvwxyz0123456789abcdefZYXWVUTSRQponmlkjihgf987",
              "vg-swap_1", "dm-0");
}

static void
add_zram (Fixture *f)
{
  add_device (f, "zram0", "252:0", NULL, NULL, NULL);
  write_file (f, "/proc/swaps", SWAPS_HEADER
              "/dev/zram0                              partition\t8388604\t\t0\t\t100\n");
}

static CabinetCheckResult *
run_check (Fixture    *f,
           const char *home,
           const char *database_path)
{
  g_autoptr(CabinetCheckEnv) env = cabinet_check_env_new (database_path, NULL);
  g_autofree char *config = g_build_filename (home, ".config", NULL);
  CabinetCheckResult *result;

  cabinet_check_env_set_sysroot (env, f->root);
  cabinet_check_env_set_home (env, home, config);
  result = cabinet_check_disk_encryption (env, NULL);
  g_assert_nonnull (result);
  g_test_message ("status: %s\nsummary: %s\nevidence:\n%s\nremedy: %s",
                  cabinet_check_status_to_string (result->status), result->summary,
                  result->evidence, result->remedy ? result->remedy : "(none)");
  g_assert_true (g_utf8_validate (result->summary, -1, NULL));
  g_assert_true (g_utf8_validate (result->evidence, -1, NULL));
  return result;
}

/* ─── The parsers ─────────────────────────────────────────────────────────── */

static GPtrArray *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = NULL;

  g_assert_true (cabinet_mountinfo_parse (text, &entries, &error));
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static void
test_mountinfo_parse (void)
{
  g_autoptr(GPtrArray) entries = parse_ok (
    "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n"
    "28 1 254:1 / / rw,relatime shared:1 - ext4 /dev/mapper/vg-root rw\n"
    /* No optional field at all, and no super options: both allowed. */
    "29 28 0:31 /@home /home rw,relatime - btrfs /dev/mapper/luks-1234\n"
    /* Several optional fields. */
    "50 28 8:17 / /srv rw shared:7 master:2 propagate_from:2 unbindable - xfs /dev/sdb1 rw\n");
  const CabinetMountEntry *entry;

  g_assert_cmpuint (entries->len, ==, 4);
  entry = entries->pdata[0];
  g_assert_cmpuint (entry->major, ==, 98);
  g_assert_cmpuint (entry->minor, ==, 0);
  g_assert_cmpstr (entry->mount_point, ==, "/mnt2");
  g_assert_cmpstr (entry->fstype, ==, "ext3");
  g_assert_cmpstr (entry->source, ==, "/dev/root");

  entry = entries->pdata[2];
  g_assert_cmpuint (entry->major, ==, 0);
  g_assert_cmpuint (entry->minor, ==, 31);
  g_assert_cmpstr (entry->mount_point, ==, "/home");
  g_assert_cmpstr (entry->fstype, ==, "btrfs");
  g_assert_cmpstr (entry->source, ==, "/dev/mapper/luks-1234");

  entry = entries->pdata[3];
  g_assert_cmpuint (entry->major, ==, 8);
  g_assert_cmpuint (entry->minor, ==, 17);
  g_assert_cmpstr (entry->mount_point, ==, "/srv");
  g_assert_cmpstr (entry->fstype, ==, "xfs");
}

/* (i) The kernel escapes space, tab, newline and backslash in octal. */
static void
test_mountinfo_escapes (void)
{
  g_autoptr(GPtrArray) entries = parse_ok (
    "60 28 8:33 / /media/anna/My\\040Disk rw - vfat /dev/sdc1 rw\n"
    "61 28 8:34 / /mnt/tab\\011and\\134backslash rw - ext4 /dev/disk\\040one rw\n"
    /* Not escapes: too short, not octal, NUL, above 255, a trailing backslash. */
    "62 28 8:35 / /mnt/a\\04 rw - ext4 /dev/sdc3 rw\n"
    "63 28 8:36 / /mnt/b\\089\\000\\777\\ rw - ext4 /dev/sdc4 rw\n"
    "64 28 8:37 / /mnt/c\\ rw - ext4 /dev/sdc5\\04 rw\n");
  const CabinetMountEntry *entry;

  g_assert_cmpuint (entries->len, ==, 5);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->mount_point, ==, "/media/anna/My Disk");
  entry = entries->pdata[1];
  g_assert_cmpstr (entry->mount_point, ==, "/mnt/tab\tand\\backslash");
  g_assert_cmpstr (entry->source, ==, "/dev/disk one");
  entry = entries->pdata[2];
  g_assert_cmpstr (entry->mount_point, ==, "/mnt/a\\04");
  entry = entries->pdata[3];
  g_assert_cmpstr (entry->mount_point, ==, "/mnt/b\\089\\000\\777\\");
  entry = entries->pdata[4];
  g_assert_cmpstr (entry->mount_point, ==, "/mnt/c\\");
  g_assert_cmpstr (entry->source, ==, "/dev/sdc5\\04");
}

static void
test_mountinfo_find (void)
{
  g_autoptr(GPtrArray) entries = parse_ok (
    "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
    "2 1 8:2 / /home rw - ext4 /dev/sda2 rw\n"
    "3 1 8:3 / /homework rw - ext4 /dev/sda3 rw\n"
    "4 2 8:4 / /home/anna/Documents rw - ext4 /dev/sda4 rw\n"
    "5 1 8:5 / /srv rw - ext4 /dev/sda5 rw\n"
    /* Mounted over the first /srv: this one is what is seen there now. */
    "6 1 8:6 / /srv rw - ext4 /dev/sda6 rw\n");
  struct { const char *path; const char *source; } cases[] = {
    { "/", "/dev/sda1" },
    { "/etc/fstab", "/dev/sda1" },
    { "/home", "/dev/sda2" },
    { "/home/anna", "/dev/sda2" },
    { "/homework", "/dev/sda3" },
    { "/homework/notes", "/dev/sda3" },
    { "/homes", "/dev/sda1" },
    { "/home/anna/Documents", "/dev/sda4" },
    { "/home/anna/Documents/a.pdf", "/dev/sda4" },
    { "/home/anna/Documentsx", "/dev/sda2" },
    { "/srv/cabinet.db", "/dev/sda6" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const CabinetMountEntry *entry = cabinet_mountinfo_find (entries, cases[i].path);

      g_test_message ("finding %s", cases[i].path);
      g_assert_nonnull (entry);
      g_assert_cmpstr (entry->source, ==, cases[i].source);
    }

  {
    g_autoptr(GPtrArray) no_root = parse_ok ("2 1 8:2 / /home rw - ext4 /dev/sda2 rw\n");

    g_assert_null (cabinet_mountinfo_find (no_root, "/etc"));
    g_assert_null (cabinet_mountinfo_find (no_root, "/homework"));
    g_assert_nonnull (cabinet_mountinfo_find (no_root, "/home/anna"));
  }
}

/* (j) Lines that are not mount lines are skipped, whatever they hold. */
static void
test_mountinfo_malformed (void)
{
  const char *junk[] = {
    "",
    "\n\n\n",
    "garbage",
    "28 1 254:1 / / rw",                                      /* cut short */
    "28 1 254:1 / / rw shared:1 ext4 /dev/sda1 rw",           /* no separator */
    "28 1 254:1 / / rw shared:1 - ext4",                      /* no source */
    "28 1 254:1 / / -",                                       /* separator too early */
    "x 1 254:1 / / rw - ext4 /dev/sda1 rw",                   /* mount ID */
    "28 y 254:1 / / rw - ext4 /dev/sda1 rw",                  /* parent ID */
    "28 1 254 / / rw - ext4 /dev/sda1 rw",                    /* no minor */
    "28 1 254:1:3 / / rw - ext4 /dev/sda1 rw",
    "28 1 :1 / / rw - ext4 /dev/sda1 rw",
    "28 1 254: / / rw - ext4 /dev/sda1 rw",
    "28 1 -254:1 / / rw - ext4 /dev/sda1 rw",
    "28 1 99999999999:1 / / rw - ext4 /dev/sda1 rw",          /* above 32 bits */
    "28 1 254:1 / relative rw - ext4 /dev/sda1 rw",           /* mount point */
    "28 1 254:1 / \\057escaped rw - ext4 /dev/sda1 rw",       /* "/" only once decoded: fine */
    "- - - - - - - - - - -",
    "\\\\\\\\\\\\ \\ \\0 \\01 \\012",
  };
  guint parsed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    {
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("parsing “%s”", junk[i]);
      if (cabinet_mountinfo_parse (junk[i], &entries, &error))
        {
          /* Only the escaped "/" is a valid line. */
          g_assert_cmpuint (entries->len, ==, 1);
          g_assert_cmpstr (((CabinetMountEntry *) entries->pdata[0])->mount_point, ==, "/escaped");
          parsed++;
        }
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
          g_assert_null (entries);
        }
    }
  g_assert_cmpuint (parsed, ==, 1);

  /* Good lines among bad ones are kept. */
  {
    g_autoptr(GString) text = g_string_new (NULL);
    g_autoptr(GPtrArray) entries = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
      g_string_append_printf (text, "%s\n28 1 254:1 / / rw - ext4 /dev/mapper/root rw\n", junk[i]);
    entries = parse_ok (text->str);
    g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (junk) + 1);
  }

  /* Random text from an alphabet that makes almost-lines, with a fixed seed so
   * that a failure can be repeated. */
  {
    static const char alphabet[] = "0123456789:: -  -\\\\/\n\t abcrw\xc3\xa9\xff";
    g_autoptr(GRand) rand = g_rand_new_with_seed (20240517);

    for (guint round = 0; round < 3000; round++)
      {
        g_autoptr(GString) text = g_string_new (NULL);
        g_autoptr(GPtrArray) entries = NULL;
        g_autoptr(GPtrArray) swaps = NULL;
        guint length = (guint) g_rand_int_range (rand, 0, 400);

        /* Some rounds start from a valid line, then damage it. */
        if (round % 3 == 0)
          g_string_append (text, "28 1 254:1 / /a\\040b rw shared:1 - ext4 /dev/sda1 rw\n");
        for (guint i = 0; i < length; i++)
          {
            if (text->len > 0 && g_rand_int_range (rand, 0, 10) == 0)
              text->str[g_rand_int_range (rand, 0, (gint32) text->len)] =
                alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
            else
              g_string_append_c (text, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
          }

        if (cabinet_mountinfo_parse (text->str, &entries, NULL))
          {
            g_assert_cmpuint (entries->len, >, 0);
            for (guint i = 0; i < entries->len; i++)
              {
                const CabinetMountEntry *entry = entries->pdata[i];

                g_assert_true (entry->mount_point[0] == '/');
                g_assert_nonnull (entry->fstype);
                g_assert_nonnull (entry->source);
                g_assert_nonnull (cabinet_mountinfo_find (entries, entry->mount_point));
              }
          }
        swaps = cabinet_swaps_parse (text->str);
        for (guint i = 0; i < swaps->len; i++)
          g_assert_true (((CabinetSwapEntry *) swaps->pdata[i])->filename[0] == '/');
      }
  }
}

static void
test_swaps_parse (void)
{
  g_autoptr(GPtrArray) none = cabinet_swaps_parse (SWAPS_HEADER);
  g_autoptr(GPtrArray) empty = cabinet_swaps_parse ("");
  g_autoptr(GPtrArray) swaps = cabinet_swaps_parse (
    SWAPS_HEADER
    "/dev/zram0                              partition\t8388604\t\t0\t\t100\n"
    "/swap\\040file                          file\t\t2097148\t\t0\t\t-2\n"
    "junk\n"
    "/lonely\n");
  CabinetSwapEntry *entry;

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (swaps->len, ==, 2);
  entry = swaps->pdata[0];
  g_assert_cmpstr (entry->filename, ==, "/dev/zram0");
  g_assert_cmpstr (entry->type, ==, "partition");
  entry = swaps->pdata[1];
  g_assert_cmpstr (entry->filename, ==, "/swap file");
  g_assert_cmpstr (entry->type, ==, "file");
}

/* ─── The check ───────────────────────────────────────────────────────────── */

/* (a) Root on LVM over LUKS, the home folder on it, swap in zram. A mount point
 * that starts like the home folder, but is not one of its folders, is ignored. */
static void
test_luks_over_lvm (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_luks_over_lvm (f);
  add_device (f, "sda1", "8:1", NULL, NULL, NULL);
  write_file (f, "/proc/self/mountinfo", LVM_ROOT_MOUNT PSEUDO_MOUNTS
              "70 28 8:1 / /home/an rw,relatime shared:40 - ext4 /dev/sda1 rw\n");
  add_zram (f);

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_PASS);
  g_assert_cmpstr (result->summary, ==, "Your files and swap are encrypted on disk.");
  assert_contains (result->evidence, "home /home/anna — /: /dev/mapper/vg-root (ext4, 254:1) → dm-1 → dm-0 CRYPT-LUKS2-… → encrypted");
  assert_contains (result->evidence, "swap /dev/zram0: zram (compressed memory, never written to disk)");
  assert_not_contains (result->evidence, "sda1");
  assert_not_contains (result->evidence, "database");
  g_assert_null (result->remedy);
}

/* (b) A plain ext4 root, no swap. */
static void
test_plain_root (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_device (f, "sda", "8:0", NULL, NULL, NULL);
  add_device (f, "sda1", "8:1", NULL, NULL, NULL);
  add_device (f, "sda2", "8:2", NULL, NULL, NULL);
  write_file (f, "/proc/self/mountinfo",
              "28 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro\n"
              "31 28 8:1 / /boot/efi rw,relatime shared:30 - vfat /dev/sda1 rw\n"
              PSEUDO_MOUNTS);
  write_file (f, "/proc/swaps", SWAPS_HEADER);
  write_os_release (f, "debian");

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_FAIL);
  g_assert_cmpstr (result->summary, ==, "The disk holding your home folder is not encrypted.");
  assert_contains (result->evidence, "home /home/anna — /: /dev/sda2 (ext4, 8:2) → sda2 → not encrypted");
  assert_contains (result->evidence, "/proc/swaps: no swap in use");
  assert_contains (result->remedy, "Guided - use entire disk and set up encrypted LVM");
  assert_contains (result->remedy, "backup");
}

/* (c) btrfs gives an anonymous device number: the source names the disk. */
static void
test_btrfs_on_luks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_device (f, "nvme0n1p2", "259:2", NULL, NULL, NULL);
  add_device (f, "nvme0n1p3", "259:3", NULL, NULL, NULL);
  add_device (f, "dm-0", "253:0", "CRYPT-LUKS2-0f9e8d7c6b5a49384756abcdef012345-luks-1234",
              "luks-1234", "nvme0n1p3");
  write_file (f, "/proc/self/mountinfo",
              "28 1 0:31 /root / rw,relatime shared:1 - btrfs /dev/mapper/luks-1234 rw,compress=zstd:1,subvol=/root\n"
              "45 28 0:31 /home /home rw,relatime shared:50 - btrfs /dev/mapper/luks-1234 rw,compress=zstd:1,subvol=/home\n"
              "47 28 259:2 / /boot rw,relatime shared:52 - ext4 /dev/nvme0n1p2 rw\n"
              PSEUDO_MOUNTS);
  add_zram (f);
  write_os_release (f, "fedora");

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_PASS);
  assert_contains (result->evidence, "home /home/anna — /home: /dev/mapper/luks-1234 (btrfs, 0:31) → dm-0 CRYPT-LUKS2-… → encrypted");
}

/* (d) Everything encrypted but a swap partition. */
static void
test_plain_swap_partition (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_luks_over_lvm (f);
  add_device (f, "sda3", "8:3", NULL, NULL, NULL);
  write_file (f, "/proc/self/mountinfo", LVM_ROOT_MOUNT PSEUDO_MOUNTS);
  write_file (f, "/proc/swaps", SWAPS_HEADER
              "/dev/sda3                               partition\t2097148\t\t0\t\t-2\n");
  write_os_release (f, "debian");

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_FAIL);
  assert_contains (result->summary, "swap");
  assert_contains (result->summary, "client data");
  assert_contains (result->evidence, "swap /dev/sda3: sda3 → not encrypted");
  assert_contains (result->evidence, "→ encrypted");
  assert_contains (result->remedy, "sudo apt install zram-tools");
  assert_contains (result->remedy, "/etc/fstab");
  assert_not_contains (result->remedy, "reinstall");
}

/* (e) zram, and a swap file and an LVM swap volume on the encrypted disk. */
static void
test_zram_and_swap_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_luks_over_lvm (f);
  add_device (f, "zram0", "252:0", NULL, NULL, NULL);
  write_file (f, "/sys/class/block/zram0/backing_dev", "none\n");
  write_file (f, "/proc/self/mountinfo", LVM_ROOT_MOUNT PSEUDO_MOUNTS);
  write_file (f, "/proc/swaps", SWAPS_HEADER
              "/dev/zram0                              partition\t8388604\t\t0\t\t100\n"
              "/swapfile                               file\t\t2097148\t\t0\t\t-2\n"
              "/dev/vg/swap_1                          partition\t999420\t\t0\t\t-3\n");

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_PASS);
  assert_contains (result->evidence, "swap /dev/zram0: zram (compressed memory, never written to disk)");
  assert_contains (result->evidence, "swap /swapfile: file on /: /dev/mapper/vg-root (ext4, 254:1) → dm-1 → dm-0 CRYPT-LUKS2-… → encrypted");
  assert_contains (result->evidence, "swap /dev/vg/swap_1: dm-2 → dm-0 CRYPT-LUKS2-… → encrypted");
}

/* zram that writes idle pages out to a plain disk leaks like plain swap. */
static void
test_zram_writeback (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_luks_over_lvm (f);
  add_device (f, "sdb1", "8:17", NULL, NULL, NULL);
  add_zram (f);
  write_file (f, "/sys/class/block/zram0/backing_dev", "/dev/sdb1\n");
  write_file (f, "/proc/self/mountinfo", LVM_ROOT_MOUNT PSEUDO_MOUNTS);

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_FAIL);
  assert_contains (result->evidence, "swap /dev/zram0: zram writing back to /dev/sdb1 → sdb1 → not encrypted");
}

/* (f) The root is encrypted, but the home folder has a partition of its own that is not. */
static void
test_plain_home_partition (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_luks_over_lvm (f);
  add_device (f, "sdb1", "8:17", NULL, NULL, NULL);
  write_file (f, "/proc/self/mountinfo", LVM_ROOT_MOUNT PSEUDO_MOUNTS
              "60 28 8:17 / /home rw,relatime shared:33 - ext4 /dev/sdb1 rw\n");
  add_zram (f);
  write_os_release (f, "fedora");

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_FAIL);
  g_assert_cmpstr (result->summary, ==, "The disk holding your home folder is not encrypted.");
  assert_contains (result->evidence, "home /home/anna — /home: /dev/sdb1 (ext4, 8:17) → sdb1 → not encrypted");
  assert_contains (result->remedy, "Encrypt my data");
}

/* (g) The database in a folder on another disk, which is not encrypted. */
static void
test_database_on_plain_disk (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_luks_over_lvm (f);
  add_device (f, "sdb1", "8:17", NULL, NULL, NULL);
  write_file (f, "/proc/self/mountinfo", LVM_ROOT_MOUNT PSEUDO_MOUNTS
              "60 28 8:17 / /srv/practice rw,relatime shared:33 - ext4 /dev/sdb1 rw\n");
  write_file (f, "/srv/practice/cabinet.db", "");
  add_zram (f);
  write_os_release (f, "ubuntu");

  result = run_check (f, "/home/anna", "/srv/practice/cabinet.db");
  g_assert_cmpint (result->status, ==, CABINET_CHECK_FAIL);
  g_assert_cmpstr (result->summary, ==, "The disk holding Cabinet’s database is not encrypted.");
  assert_contains (result->evidence, "home /home/anna — /: /dev/mapper/vg-root (ext4, 254:1) → dm-1 → dm-0 CRYPT-LUKS2-… → encrypted");
  assert_contains (result->evidence, "database /srv/practice/cabinet.db — /srv/practice: /dev/sdb1 (ext4, 8:17) → sdb1 → not encrypted");
  assert_contains (result->remedy, "Use LVM and encryption");
}

/* A database not created yet is judged by the folder it will be in. */
static void
test_database_not_created (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_luks_over_lvm (f);
  write_file (f, "/proc/self/mountinfo", LVM_ROOT_MOUNT PSEUDO_MOUNTS);
  make_dir (f, "/home/anna/.local/share");
  add_zram (f);

  result = run_check (f, "/home/anna", "/home/anna/.local/share/cabinet/cabinet.db");
  g_assert_cmpint (result->status, ==, CABINET_CHECK_PASS);
  assert_contains (result->evidence, "database /home/anna/.local/share/cabinet/cabinet.db (not created yet, so its folder /home/anna/.local/share) — /: /dev/mapper/vg-root (ext4, 254:1) → dm-1 → dm-0 CRYPT-LUKS2-… → encrypted");
}

/* Both on plain disks of their own: both are named. */
static void
test_home_and_database_plain (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_device (f, "sda2", "8:2", NULL, NULL, NULL);
  add_device (f, "sdb1", "8:17", NULL, NULL, NULL);
  write_file (f, "/proc/self/mountinfo",
              "28 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw\n"
              "60 28 8:17 / /srv rw,relatime shared:33 - ext4 /dev/sdb1 rw\n"
              PSEUDO_MOUNTS);
  make_dir (f, "/srv");

  result = run_check (f, "/home/anna", "/srv/cabinet.db");
  g_assert_cmpint (result->status, ==, CABINET_CHECK_FAIL);
  g_assert_cmpstr (result->summary, ==, "The disks holding your home folder and Cabinet’s database are not encrypted.");
  assert_contains (result->evidence, "/proc/swaps: absent, so no swap");
  /* Neither Debian, Ubuntu nor Fedora: the installer’s words are guessed. */
  assert_contains (result->remedy, "Encrypt my data");
  assert_contains (result->remedy, "Use LVM and encryption");
}

/* (h) */
static void
test_no_mountinfo (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_luks_over_lvm (f);
  add_zram (f);

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->summary, "list of mounted file systems could not be read");
  assert_contains (result->evidence, "/proc/self/mountinfo: ");
  g_assert_nonnull (result->remedy);
}

static void
test_garbage_mountinfo (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  write_file (f, "/proc/self/mountinfo", "this is\nnot a\nmount table\n");

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->evidence, "No mounted file system is listed");
}

/* (i) A home folder with a space, on a mount point written "\040". */
static void
test_escaped_mount_point (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_luks_over_lvm (f);
  add_device (f, "sdb1", "8:17", NULL, NULL, NULL);
  write_file (f, "/proc/self/mountinfo", LVM_ROOT_MOUNT PSEUDO_MOUNTS
              "60 28 8:17 / /home/anna\\040martin rw,relatime shared:33 - ext4 /dev/sdb1 rw\n");
  add_zram (f);

  result = run_check (f, "/home/anna martin", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_FAIL);
  assert_contains (result->evidence, "home /home/anna martin — /home/anna martin: /dev/sdb1 (ext4, 8:17) → sdb1 → not encrypted");

  /* A home folder named like the start of that mount point is not under it. */
  g_clear_pointer (&result, cabinet_check_result_free);
  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_PASS);
}

/* Kept in memory, or on another computer: nothing to tell. */
static void
test_tmpfs_home (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_luks_over_lvm (f);
  write_file (f, "/proc/self/mountinfo", LVM_ROOT_MOUNT PSEUDO_MOUNTS
              "60 28 0:50 / /home rw,relatime shared:33 - tmpfs tmpfs rw\n");
  add_zram (f);

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->summary, "your home folder is on a file system of type “tmpfs”");
  assert_contains (result->evidence, "home /home/anna — /home: tmpfs (tmpfs, 0:50) → cannot tell");
}

/* An unknown home folder and a plain swap: still unknown, but the swap is said. */
static void
test_unknown_home_plain_swap (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_device (f, "sda3", "8:3", NULL, NULL, NULL);
  write_file (f, "/proc/self/mountinfo",
              "28 1 0:70 / / rw - nfs server:/export/anna rw\n" PSEUDO_MOUNTS);
  write_file (f, "/proc/swaps", SWAPS_HEADER "/dev/sda3 partition 2097148 0 -2\n");
  write_os_release (f, "fedora");

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->summary, "nfs");
  assert_contains (result->summary, "swap is not encrypted");
  assert_contains (result->remedy, "/etc/fstab");
  assert_contains (result->remedy, "technician");
}

/* The device number is not in /sys, and the source is no device either. */
static void
test_device_not_found (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  write_file (f, "/proc/self/mountinfo",
              "28 1 254:9 / / rw - ext4 /dev/root rw\n" PSEUDO_MOUNTS);

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->summary, "the disk holding your home folder (/dev/root) was not found");
  assert_contains (result->evidence, "not in /sys/class/block");
}

/* (j) A /sys whose devices are built on each other, or on one that is not there. */
static void
test_sysfs_cycle (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  add_device (f, "dm-5", "254:5", "LVM-abc", "vg-root", "dm-6");
  add_device (f, "dm-6", "254:6", "LVM-def", "vg-other", "dm-5 ghost");
  write_file (f, "/proc/self/mountinfo",
              "28 1 254:5 / / rw - ext4 /dev/mapper/vg-root rw\n" PSEUDO_MOUNTS);

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->summary, "could not be followed");
  assert_contains (result->evidence, "dm-5 → dm-6 → (dm-5 (loop) + ghost (missing)) → cannot tell");

  /* A device built on itself. */
  g_clear_pointer (&result, cabinet_check_result_free);
  add_device (f, "dm-7", "254:7", NULL, "self", "dm-7");
  write_file (f, "/proc/self/mountinfo",
              "28 1 254:7 / / rw - ext4 /dev/mapper/self rw\n" PSEUDO_MOUNTS);
  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->evidence, "dm-7 → dm-7 (loop)");
}

/* Deeper than any real stack: given up, not followed for ever. */
static void
test_sysfs_too_deep (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("dm-%u", i);
      g_autofree char *number = g_strdup_printf ("254:%u", i);
      g_autofree char *below = g_strdup_printf ("dm-%u", i + 1);

      add_device (f, name, number, "LVM-x", NULL, below);
    }
  add_device (f, "dm-30", "254:30", "CRYPT-LUKS2-abc-x", NULL, NULL);
  write_file (f, "/proc/self/mountinfo", "28 1 254:0 / / rw - ext4 /dev/dm-0 rw\n");

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_UNKNOWN);
  assert_contains (result->summary, "could not be followed");
}

/* Every level built on both devices of the next: walked once each, so quickly,
 * and the evidence stays short. */
static void
test_sysfs_diamonds (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CabinetCheckResult) result = NULL;
  const guint levels = 15;

  for (guint i = 0; i < levels; i++)
    {
      g_autofree char *below = g_strdup_printf ("a%u b%u", i + 1, i + 1);
      g_autofree char *a = g_strdup_printf ("a%u", i);
      g_autofree char *b = g_strdup_printf ("b%u", i);
      g_autofree char *a_number = g_strdup_printf ("9:%u", 2 * i);
      g_autofree char *b_number = g_strdup_printf ("9:%u", 2 * i + 1);

      add_device (f, a, a_number, NULL, NULL, below);
      add_device (f, b, b_number, NULL, NULL, below);
    }
  {
    g_autofree char *a = g_strdup_printf ("a%u", levels);
    g_autofree char *b = g_strdup_printf ("b%u", levels);

    add_device (f, a, "9:100", "CRYPT-LUKS2-aaa-a", NULL, NULL);
    add_device (f, b, "9:101", "CRYPT-PLAIN-bbb-b", NULL, NULL);
  }
  write_file (f, "/proc/self/mountinfo", "28 1 9:0 / / rw - ext4 /dev/md0 rw\n");

  result = run_check (f, "/home/anna", NULL);
  g_assert_cmpint (result->status, ==, CABINET_CHECK_PASS);
  assert_contains (result->evidence, "CRYPT-PLAIN-…");
  g_assert_cmpuint (strlen (result->evidence), <, 2000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/check-disk/mountinfo/parse", test_mountinfo_parse);
  g_test_add_func ("/check-disk/mountinfo/escapes", test_mountinfo_escapes);
  g_test_add_func ("/check-disk/mountinfo/find", test_mountinfo_find);
  g_test_add_func ("/check-disk/mountinfo/malformed", test_mountinfo_malformed);
  g_test_add_func ("/check-disk/swaps/parse", test_swaps_parse);

#define ADD(path, func) \
  g_test_add ("/check-disk/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("luks-over-lvm", test_luks_over_lvm);
  ADD ("plain-root", test_plain_root);
  ADD ("btrfs-on-luks", test_btrfs_on_luks);
  ADD ("plain-swap-partition", test_plain_swap_partition);
  ADD ("zram-and-swap-file", test_zram_and_swap_file);
  ADD ("zram-writeback", test_zram_writeback);
  ADD ("plain-home-partition", test_plain_home_partition);
  ADD ("database-on-plain-disk", test_database_on_plain_disk);
  ADD ("database-not-created", test_database_not_created);
  ADD ("home-and-database-plain", test_home_and_database_plain);
  ADD ("no-mountinfo", test_no_mountinfo);
  ADD ("garbage-mountinfo", test_garbage_mountinfo);
  ADD ("escaped-mount-point", test_escaped_mount_point);
  ADD ("tmpfs-home", test_tmpfs_home);
  ADD ("unknown-home-plain-swap", test_unknown_home_plain_swap);
  ADD ("device-not-found", test_device_not_found);
  ADD ("sysfs-cycle", test_sysfs_cycle);
  ADD ("sysfs-too-deep", test_sysfs_too_deep);
  ADD ("sysfs-diamonds", test_sysfs_diamonds);
#undef ADD

  return g_test_run ();
}
