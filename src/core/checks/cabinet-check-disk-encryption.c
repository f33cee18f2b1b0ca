/* cabinet-check-disk-encryption.c — are the home folder, Cabinet’s database and
 * swap on encrypted disks (dm-crypt/LUKS)?
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything comes from /proc and /sys, which any user may read: the mount table
 * says which device holds a folder, and /sys/class/block says what that device is
 * made of, down to the disk. A device-mapper device whose uuid starts with "CRYPT-"
 * is dm-crypt (LUKS or plain); anything else is encrypted only if all it is built
 * on is (LVM over LUKS: dm-1 → dm-0 CRYPT-LUKS2-… → nvme0n1p3). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-check.h"
#include "cabinet-check-disk-encryption.h"

/* Real stacks are a few levels deep (LVM over LUKS over RAID); anything deeper, or
 * wider, is a broken or made-up /sys, and following it would only waste time. */
#define MAX_DEPTH  16
#define MAX_SLAVES 64

/* Ordered by how bad they are, so that combining is MAX (). */
typedef enum {
  VERDICT_ENCRYPTED,
  VERDICT_UNKNOWN,
  VERDICT_PLAIN,
} Verdict;

/* ─── Parsers ─────────────────────────────────────────────────────────────── */

void
cabinet_mount_entry_free (CabinetMountEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->mount_point);
  g_free (entry->fstype);
  g_free (entry->source);
  g_free (entry);
}

void
cabinet_swap_entry_free (CabinetSwapEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->filename);
  g_free (entry->type);
  g_free (entry);
}

static gboolean
is_octal_digit (char c)
{
  return c >= '0' && c <= '7';
}

/* The kernel writes a space, tab, newline or backslash in a path as a three-digit
 * octal escape ("\040"), so that spaces can separate the fields. */
static char *
unescape_octal (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p++)
    {
      /* Each test fails on the terminating NUL, so nothing past it is read. */
      if (p[0] == '\\' && is_octal_digit (p[1]) && is_octal_digit (p[2]) && is_octal_digit (p[3]))
        {
          guint value = (guint) (p[1] - '0') * 64 + (guint) (p[2] - '0') * 8 + (guint) (p[3] - '0');

          /* A NUL would cut the string short, and above 255 is no byte: such
           * escapes are kept as written. */
          if (value != 0 && value <= 255)
            {
              g_string_append_c (out, (char) value);
              p += 3;
              continue;
            }
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Cuts @line in place at runs of spaces and tabs; the array points into @line. */
static GPtrArray *
split_fields (char *line)
{
  GPtrArray *fields = g_ptr_array_new ();
  char *p = line;

  for (;;)
    {
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        break;
      g_ptr_array_add (fields, p);
      while (*p != '\0' && *p != ' ' && *p != '\t')
        p++;
      if (*p == '\0')
        break;
      *p++ = '\0';
    }
  return fields;
}

static gboolean
parse_uint (const char *text,
            guint      *value)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &number, NULL))
    return FALSE;
  *value = (guint) number;
  return TRUE;
}

/* "254:1" */
static gboolean
parse_device_number (const char *text,
                     guint      *major,
                     guint      *minor)
{
  const char *colon = strchr (text, ':');
  g_autofree char *major_text = NULL;

  if (colon == NULL)
    return FALSE;
  major_text = g_strndup (text, (gsize) (colon - text));
  return parse_uint (major_text, major) && parse_uint (colon + 1, minor);
}

/* "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue":
 * mount ID, parent ID, major:minor, root, mount point, options, any number of
 * optional fields, "-", then file system type, source and super options. */
static CabinetMountEntry *
parse_mountinfo_line (char *line)
{
  g_autoptr(GPtrArray) fields = split_fields (line);
  g_autoptr(CabinetMountEntry) entry = NULL;
  guint separator = 0;
  guint id;

  /* Six fixed fields, "-", type and source; the super options are not needed. */
  if (fields->len < 9)
    return NULL;
  for (guint i = 6; i < fields->len; i++)
    if (g_str_equal (fields->pdata[i], "-"))
      {
        separator = i;
        break;
      }
  if (separator == 0 || separator + 2 >= fields->len)
    return NULL;

  entry = g_new0 (CabinetMountEntry, 1);
  if (!parse_uint (fields->pdata[0], &id)
      || !parse_uint (fields->pdata[1], &id)
      || !parse_device_number (fields->pdata[2], &entry->major, &entry->minor))
    return NULL;
  entry->mount_point = unescape_octal (fields->pdata[4]);
  if (entry->mount_point[0] != '/')
    return NULL;
  entry->fstype = unescape_octal (fields->pdata[separator + 1]);
  entry->source = unescape_octal (fields->pdata[separator + 2]);
  return g_steal_pointer (&entry);
}

gboolean
cabinet_mountinfo_parse (const char  *text,
                         GPtrArray  **entries,
                         GError     **error)
{
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *copy = NULL;
  char *line;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) cabinet_mount_entry_free);
  /* One copy cut into lines in place, rather than an array of millions of lines
   * when the text is a few megabytes of newlines. */
  copy = g_strdup (text);
  line = copy;
  while (line != NULL)
    {
      char *newline = strchr (line, '\n');
      CabinetMountEntry *entry;

      if (newline)
        *newline = '\0';
      entry = parse_mountinfo_line (line);
      if (entry)
        g_ptr_array_add (parsed, entry);
      line = newline ? newline + 1 : NULL;
    }

  if (parsed->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No mounted file system is listed"));
      return FALSE;
    }
  *entries = g_steal_pointer (&parsed);
  return TRUE;
}

/* Whether @mount_point is @path or one of its parent folders, whole components
 * only: "/home" holds "/home/anna" but not "/homework". Returns the length that
 * matched, 0 if none. */
static gsize
mount_point_match (const char *mount_point,
                   const char *path)
{
  gsize length = strlen (mount_point);

  while (length > 1 && mount_point[length - 1] == '/')
    length--;
  if (length == 1 && mount_point[0] == '/')
    return path[0] == '/' ? 1 : 0;
  /* Equal over @length bytes means @path is at least that long, so path[length]
   * is within it. */
  if (strncmp (path, mount_point, length) != 0)
    return 0;
  return path[length] == '\0' || path[length] == '/' ? length : 0;
}

const CabinetMountEntry *
cabinet_mountinfo_find (GPtrArray  *entries,
                        const char *path)
{
  const CabinetMountEntry *best = NULL;
  gsize best_length = 0;

  g_return_val_if_fail (entries != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      const CabinetMountEntry *entry = entries->pdata[i];
      gsize length = mount_point_match (entry->mount_point, path);

      /* ">=": a later mount on the same point hides the earlier one. */
      if (length > 0 && length >= best_length)
        {
          best = entry;
          best_length = length;
        }
    }
  return best;
}

/* "Filename  Type  Size  Used  Priority", then one line per swap area. */
GPtrArray *
cabinet_swaps_parse (const char *text)
{
  GPtrArray *swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) cabinet_swap_entry_free);
  g_autofree char *copy = NULL;
  char *line;

  g_return_val_if_fail (text != NULL, swaps);

  copy = g_strdup (text);
  line = copy;
  while (line != NULL)
    {
      char *newline = strchr (line, '\n');
      g_autoptr(GPtrArray) fields = NULL;
      g_autofree char *filename = NULL;

      if (newline)
        *newline = '\0';
      fields = split_fields (line);
      line = newline ? newline + 1 : NULL;

      /* The header ("Filename") is not an absolute path, and so goes too. */
      if (fields->len < 2)
        continue;
      filename = unescape_octal (fields->pdata[0]);
      if (filename[0] == '/')
        {
          CabinetSwapEntry *entry = g_new0 (CabinetSwapEntry, 1);

          entry->filename = g_steal_pointer (&filename);
          entry->type = g_strdup (fields->pdata[1]);
          g_ptr_array_add (swaps, entry);
        }
    }
  return swaps;
}

/* ─── Block devices ───────────────────────────────────────────────────────── */

/* A name that is one entry of /sys/class/block, and so cannot lead elsewhere. */
static gboolean
is_device_name (const char *name)
{
  return name[0] != '\0' && strchr (name, '/') == NULL
         && !g_str_equal (name, ".") && !g_str_equal (name, "..")
         && strlen (name) < 256;
}

typedef struct {
  CabinetCheckEnv *env;
  GHashTable      *by_number;   /* "MAJ:MIN" → device name */
  GHashTable      *by_dm_name;  /* device-mapper name → "dm-N" */
} Devices;

/* Reads /sys/class/block/NAME/dev and dm/name for every device, once. Only the
 * entries' names and the files in them are used, never symbolic links, so that a
 * made-up system root of plain folders works the same. */
static void
devices_init (Devices         *devices,
              CabinetCheckEnv *env)
{
  g_autofree char *class_dir = cabinet_check_env_path (env, "/sys/class/block");
  g_autoptr(GDir) dir = g_dir_open (class_dir, 0, NULL);
  const char *name;

  devices->env = env;
  devices->by_number = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  devices->by_dm_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *dev_path = NULL;
      g_autofree char *dm_path = NULL;
      g_autofree char *number = NULL;
      g_autofree char *dm_name = NULL;

      if (!is_device_name (name))
        continue;
      dev_path = g_strdup_printf ("/sys/class/block/%s/dev", name);
      number = cabinet_check_env_read_line (env, dev_path);
      if (number && *number && !g_hash_table_contains (devices->by_number, number))
        g_hash_table_insert (devices->by_number, g_steal_pointer (&number), g_strdup (name));

      dm_path = g_strdup_printf ("/sys/class/block/%s/dm/name", name);
      dm_name = cabinet_check_env_read_line (env, dm_path);
      if (dm_name && *dm_name && !g_hash_table_contains (devices->by_dm_name, dm_name))
        g_hash_table_insert (devices->by_dm_name, g_steal_pointer (&dm_name), g_strdup (name));
    }
}

static void
devices_clear (Devices *devices)
{
  g_clear_pointer (&devices->by_number, g_hash_table_unref);
  g_clear_pointer (&devices->by_dm_name, g_hash_table_unref);
}

static gboolean
device_exists (CabinetCheckEnv *env,
               const char      *name)
{
  g_autofree char *path = g_strdup_printf ("/sys/class/block/%s", name);

  return cabinet_check_env_exists (env, path);
}

/* LVM also names /dev/mapper/VG-LV as /dev/VG/LV; in the mapper name, the dashes
 * inside either part are doubled. */
static char *
lvm_dm_name (const char *volume_group,
             gsize       volume_group_length,
             const char *logical_volume)
{
  GString *name = g_string_new (NULL);

  for (gsize i = 0; i < volume_group_length; i++)
    {
      if (volume_group[i] == '-')
        g_string_append_c (name, '-');
      g_string_append_c (name, volume_group[i]);
    }
  g_string_append_c (name, '-');
  for (const char *p = logical_volume; *p; p++)
    {
      if (*p == '-')
        g_string_append_c (name, '-');
      g_string_append_c (name, *p);
    }
  return g_string_free (name, FALSE);
}

/* The device name in /sys/class/block of "/dev/NAME", "/dev/mapper/NAME" or
 * "/dev/VG/LV"; NULL if it is none of those, or not there. */
static char *
device_for_dev_path (Devices    *devices,
                     const char *path)
{
  const char *rest;
  const char *slash;

  if (!g_str_has_prefix (path, "/dev/"))
    return NULL;
  rest = path + strlen ("/dev/");

  if (g_str_has_prefix (rest, "mapper/"))
    return g_strdup (g_hash_table_lookup (devices->by_dm_name, rest + strlen ("mapper/")));

  slash = strchr (rest, '/');
  if (slash == NULL)
    return is_device_name (rest) && device_exists (devices->env, rest) ? g_strdup (rest) : NULL;

  if (slash > rest && slash[1] != '\0' && strchr (slash + 1, '/') == NULL)
    {
      g_autofree char *dm_name = lvm_dm_name (rest, (gsize) (slash - rest), slash + 1);

      return g_strdup (g_hash_table_lookup (devices->by_dm_name, dm_name));
    }
  return NULL;
}

/* The device a file system is on. The device number comes first; btrfs and a few
 * others give an anonymous one (major 0), and then only the source names the disk. */
static char *
device_for_mount (Devices                 *devices,
                  const CabinetMountEntry *mount)
{
  if (mount->major != 0)
    {
      g_autofree char *number = g_strdup_printf ("%u:%u", mount->major, mount->minor);
      const char *name = g_hash_table_lookup (devices->by_number, number);

      if (name)
        return g_strdup (name);
    }
  return device_for_dev_path (devices, mount->source);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in /sys/class/block/NAME/slaves, sorted so that the evidence is the
 * same from one run to the next; NULL if there are implausibly many. */
static GPtrArray *
list_slaves (CabinetCheckEnv *env,
             const char      *name)
{
  g_autofree char *path = g_strdup_printf ("/sys/class/block/%s/slaves", name);
  g_autofree char *real = cabinet_check_env_path (env, path);
  g_autoptr(GDir) dir = g_dir_open (real, 0, NULL);
  g_autoptr(GPtrArray) slaves = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (dir == NULL)
    return g_steal_pointer (&slaves);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      if (slaves->len >= MAX_SLAVES)
        return NULL;
      g_ptr_array_add (slaves, g_strdup (entry));
    }
  g_ptr_array_sort (slaves, compare_names);
  return g_steal_pointer (&slaves);
}

/* One walk down from a device, and what stopped it when it cannot tell. */
typedef struct {
  CabinetCheckEnv *env;
  GHashTable      *seen;     /* name → IN_PROGRESS, or its Verdict + 1 */
  gboolean         broken;   /* a loop, too deep or too wide, a strange name */
  char            *missing;  /* the first device /sys does not have */
} Walk;

#define IN_PROGRESS GINT_TO_POINTER (-1)

/* Appends the chain below @name to @chain ("dm-1 → dm-0 CRYPT-LUKS2-…"). A device
 * met twice is walked once: without that, a made-up /sys where every level lists
 * the next one twice would take 2^16 steps. */
static Verdict
walk_device (Walk       *walk,
             const char *name,
             guint       depth,
             GString    *chain)
{
  g_autofree char *uuid_path = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(GPtrArray) slaves = NULL;
  gpointer seen;
  Verdict verdict = VERDICT_ENCRYPTED;

  if (!is_device_name (name) || depth > MAX_DEPTH)
    {
      g_string_append (chain, "…");
      walk->broken = TRUE;
      return VERDICT_UNKNOWN;
    }
  g_string_append (chain, name);
  if (g_hash_table_lookup_extended (walk->seen, name, NULL, &seen))
    {
      if (seen == IN_PROGRESS)
        {
          g_string_append (chain, " (loop)");
          walk->broken = TRUE;
          return VERDICT_UNKNOWN;
        }
      return (Verdict) (GPOINTER_TO_INT (seen) - 1);
    }
  if (!device_exists (walk->env, name))
    {
      g_string_append (chain, " (missing)");
      if (walk->missing == NULL)
        walk->missing = g_strdup (name);
      return VERDICT_UNKNOWN;
    }

  uuid_path = g_strdup_printf ("/sys/class/block/%s/dm/uuid", name);
  uuid = cabinet_check_env_read_line (walk->env, uuid_path);
  if (uuid && g_str_has_prefix (uuid, "CRYPT-"))
    {
      /* "CRYPT-LUKS2-<hex>-<name>": the kind is what tells, the rest is noise. */
      const char *dash = strchr (uuid + strlen ("CRYPT-"), '-');

      if (dash)
        g_string_append_printf (chain, " %.*s-…", (int) (dash - uuid), uuid);
      else
        g_string_append_printf (chain, " %s", uuid);
    }
  else if ((slaves = list_slaves (walk->env, name)) == NULL)
    {
      g_string_append (chain, " (too many devices below)");
      walk->broken = TRUE;
      verdict = VERDICT_UNKNOWN;
    }
  else if (slaves->len == 0)
    {
      /* A disk or a partition: nothing below, and not dm-crypt. */
      verdict = VERDICT_PLAIN;
    }
  else
    {
      g_hash_table_replace (walk->seen, g_strdup (name), IN_PROGRESS);
      g_string_append (chain, " → ");
      if (slaves->len > 1)
        g_string_append_c (chain, '(');
      for (guint i = 0; i < slaves->len; i++)
        {
          if (i > 0)
            g_string_append (chain, " + ");
          /* Not inside MAX (), which would walk it twice. */
          Verdict below = walk_device (walk, slaves->pdata[i], depth + 1, chain);

          verdict = MAX (verdict, below);
        }
      if (slaves->len > 1)
        g_string_append_c (chain, ')');
    }

  g_hash_table_replace (walk->seen, g_strdup (name), GINT_TO_POINTER (verdict + 1));
  return verdict;
}

/* ─── The check ───────────────────────────────────────────────────────────── */

static const char *
verdict_label (Verdict verdict)
{
  switch (verdict)
    {
    /* Translators: in the technical details, said of a disk. */
    case VERDICT_ENCRYPTED: return _("encrypted");
    /* Translators: in the technical details, said of a disk. */
    case VERDICT_PLAIN: return _("not encrypted");
    case VERDICT_UNKNOWN:
    default: return _("cannot tell");
    }
}

/* Walks down from @name, finishing @line with the chain and the verdict. @subject
 * ("your home folder") goes into the reason when it cannot tell. */
static Verdict
examine_device (CabinetCheckEnv  *env,
                const char       *name,
                const char       *subject,
                GString          *line,
                char            **reason)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Walk walk = { env, seen, FALSE, NULL };
  Verdict verdict = walk_device (&walk, name, 0, line);

  g_string_append_printf (line, " → %s", verdict_label (verdict));
  if (verdict == VERDICT_UNKNOWN && reason && *reason == NULL)
    {
      if (walk.missing && !walk.broken)
        *reason = g_strdup_printf (_("the device %s, part of the disk holding %s, was not found"),
                                   walk.missing, subject);
      else
        *reason = g_strdup_printf (_("the devices below %s could not be followed to a disk"),
                                   subject);
    }
  g_free (walk.missing);
  return verdict;
}

/* Finishes @line with what @mount sits on: "/: /dev/mapper/vg-root (ext4, 254:1) → …". */
static Verdict
examine_mount (Devices                  *devices,
               const CabinetMountEntry  *mount,
               const char               *subject,
               GString                  *line,
               char                    **reason)
{
  g_autofree char *name = NULL;

  g_string_append_printf (line, "%s: %s (%s, %u:%u) → ", mount->mount_point, mount->source,
                          mount->fstype, mount->major, mount->minor);
  name = device_for_mount (devices, mount);
  if (name)
    return examine_device (devices->env, name, subject, line, reason);

  if (mount->major == 0 && !g_str_has_prefix (mount->source, "/dev/"))
    {
      /* tmpfs, overlay, NFS…: no disk of this computer to look at. */
      g_string_append (line, verdict_label (VERDICT_UNKNOWN));
      if (reason && *reason == NULL)
        *reason = g_strdup_printf (_("%s is on a file system of type “%s”, which is not a disk Cabinet can examine"),
                                   subject, mount->fstype);
    }
  else
    {
      g_string_append_printf (line, "not in /sys/class/block → %s", verdict_label (VERDICT_UNKNOWN));
      if (reason && *reason == NULL)
        *reason = g_strdup_printf (_("the disk holding %s (%s) was not found"), subject, mount->source);
    }
  return VERDICT_UNKNOWN;
}

typedef struct {
  const CabinetMountEntry *mount;
  Verdict                  verdict;
  char                    *reason;
} Target;

/* Finishes @line, which names @path, with where it is: "/: /dev/sda2 (ext4, 8:2) →
 * sda2 → not encrypted". */
static void
examine_path (Devices    *devices,
              GPtrArray  *mounts,
              const char *path,
              const char *subject,
              GString    *line,
              Target     *target)
{
  target->mount = cabinet_mountinfo_find (mounts, path);
  if (target->mount == NULL)
    {
      g_string_append_printf (line, "no mount → %s", verdict_label (VERDICT_UNKNOWN));
      target->verdict = VERDICT_UNKNOWN;
      target->reason = g_strdup_printf (_("no mounted file system holds %s"), subject);
      return;
    }
  target->verdict = examine_mount (devices, target->mount, subject, line, &target->reason);
}

static Verdict
examine_swap (Devices                *devices,
              GPtrArray              *mounts,
              const CabinetSwapEntry *swap,
              GString                *line,
              char                  **reason)
{
  g_autofree char *subject = g_strdup_printf (_("the swap %s"), swap->filename);
  g_autofree char *name = NULL;

  g_string_append_printf (line, "swap %s: ", swap->filename);

  if (g_str_equal (swap->type, "file"))
    {
      const CabinetMountEntry *mount = cabinet_mountinfo_find (mounts, swap->filename);

      if (mount == NULL)
        {
          g_string_append_printf (line, "no mount → %s", verdict_label (VERDICT_UNKNOWN));
          if (*reason == NULL)
            *reason = g_strdup_printf (_("no mounted file system holds %s"), subject);
          return VERDICT_UNKNOWN;
        }
      g_string_append (line, "file on ");
      return examine_mount (devices, mount, subject, line, reason);
    }

  if (g_str_has_prefix (swap->filename, "/dev/zram"))
    {
      const char *zram = swap->filename + strlen ("/dev/");
      g_autofree char *backing_path = NULL;
      g_autofree char *backing = NULL;

      if (is_device_name (zram))
        {
          backing_path = g_strdup_printf ("/sys/class/block/%s/backing_dev", zram);
          backing = cabinet_check_env_read_line (devices->env, backing_path);
        }
      if (backing == NULL || *backing == '\0' || g_str_equal (backing, "none"))
        {
          g_string_append (line, _("zram (compressed memory, never written to disk)"));
          return VERDICT_ENCRYPTED;
        }
      /* zram can be told to write idle pages out to a disk; then that disk counts. */
      g_string_append_printf (line, "zram writing back to %s → ", backing);
      name = device_for_dev_path (devices, backing);
      if (name == NULL)
        {
          g_string_append (line, verdict_label (VERDICT_UNKNOWN));
          if (*reason == NULL)
            *reason = g_strdup_printf (_("the disk holding %s (%s) was not found"), subject, backing);
          return VERDICT_UNKNOWN;
        }
      return examine_device (devices->env, name, subject, line, reason);
    }

  /* A partition or a logical volume. */
  name = device_for_dev_path (devices, swap->filename);
  if (name == NULL)
    {
      g_string_append_printf (line, "not in /sys/class/block → %s", verdict_label (VERDICT_UNKNOWN));
      if (*reason == NULL)
        *reason = g_strdup_printf (_("the disk holding %s was not found"), subject);
      return VERDICT_UNKNOWN;
    }
  return examine_device (devices->env, name, subject, line, reason);
}

/* Paths come from the kernel and may hold any byte, and evidence is shown in the
 * window: it must be valid UTF-8, and each line stay one line. */
static void
append_printable (GString    *out,
                  const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\%03o", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
}

static void
append_line (GString    *evidence,
             const char *line)
{
  if (evidence->len > 0)
    g_string_append_c (evidence, '\n');
  append_printable (evidence, line);
}

static char *
printable (const char *text)
{
  GString *out = g_string_new (NULL);

  append_printable (out, text);
  return g_string_free (out, FALSE);
}

/* The nearest folder of @path that exists: the database may not be created yet. */
static char *
nearest_existing (CabinetCheckEnv *env,
                  const char      *path)
{
  g_autofree char *current = g_strdup (path);

  while (!cabinet_check_env_exists (env, current))
    {
      g_autofree char *parent = g_path_get_dirname (current);

      if (g_str_equal (parent, current))
        break;
      g_free (current);
      current = g_steal_pointer (&parent);
    }
  return g_steal_pointer (&current);
}

static char *
disk_remedy (CabinetDistro distro)
{
  const char *how;

  switch (distro)
    {
    case CABINET_DISTRO_DEBIAN:
      how = _("Then reinstall Debian: when the installer asks how to partition the disk, choose “Guided - use entire disk and set up encrypted LVM”, and choose a passphrase that you will type each time the computer starts.");
      break;
    case CABINET_DISTRO_UBUNTU:
      how = _("Then reinstall Ubuntu: choose “Erase disk and install Ubuntu”, then, under “Advanced features”, “Use LVM and encryption”, and choose a passphrase that you will type each time the computer starts.");
      break;
    case CABINET_DISTRO_FEDORA:
      how = _("Then reinstall Fedora: when the installer asks where to install it, tick “Encrypt my data”, and choose a passphrase that you will type each time the computer starts.");
      break;
    case CABINET_DISTRO_OTHER:
    default:
      how = _("Then reinstall the system and, when the installer offers it, choose to encrypt the new installation (the option may be called “Encrypt my data” or “Use LVM and encryption”), with a passphrase that you will type each time the computer starts.");
      break;
    }
  return g_strjoin (" ",
                    _("A computer that is already set up cannot simply be switched to encryption: the system has to be installed again, encrypted this time. First make a full backup of your files on an external disk, and check that you can open them from there."),
                    how,
                    _("Finally, copy your files back from the backup. A computer technician can do all of this for you."),
                    NULL);
}

static char *
swap_remedy (CabinetDistro distro)
{
  const char *how;

  switch (distro)
    {
    case CABINET_DISTRO_DEBIAN:
    case CABINET_DISTRO_UBUNTU:
      how = _("To use compressed memory, install the “zram-tools” package (in a terminal: sudo apt install zram-tools), then remove the line of the unencrypted swap from the file /etc/fstab, and restart the computer.");
      break;
    case CABINET_DISTRO_FEDORA:
      how = _("Fedora already provides compressed memory: remove the line of the unencrypted swap from the file /etc/fstab, and restart the computer.");
      break;
    case CABINET_DISTRO_OTHER:
    default:
      how = _("To use compressed memory, install your system’s zram package, then remove the line of the unencrypted swap from the file /etc/fstab, and restart the computer.");
      break;
    }
  return g_strjoin (" ",
                    _("Swap is disk space the computer uses when its memory runs short, so it can hold anything that was open, client notes included. It is safe on the encrypted disk, or in compressed memory (zram), which is never written to disk."),
                    how,
                    _("A computer technician can do this for you."),
                    NULL);
}

static const char *
unknown_remedy (void)
{
  return _("Ask a computer technician to confirm that this computer’s disk is encrypted (with LUKS), and that swap is encrypted too, or kept in compressed memory (zram).");
}

static CabinetCheckResult *
unknown_result (const char *summary,
                const char *evidence)
{
  return cabinet_check_result_new (CABINET_CHECK_UNKNOWN, summary, evidence, unknown_remedy ());
}

CabinetCheckResult *
cabinet_check_disk_encryption (CabinetCheckEnv *env,
                               GCancellable    *cancellable)
{
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autoptr(GPtrArray) mounts = NULL;
  g_autoptr(GPtrArray) swaps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mountinfo = NULL;
  g_autofree char *swaps_text = NULL;
  g_autofree char *home = NULL;
  g_autofree char *database = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *remedy = NULL;
  g_autofree char *swap_reason = NULL;
  const char *database_path = cabinet_check_env_get_database_path (env);
  Devices devices = { NULL, };
  Target home_target = { NULL, VERDICT_ENCRYPTED, NULL };
  Target database_target = { NULL, VERDICT_ENCRYPTED, NULL };
  Verdict swap_verdict = VERDICT_ENCRYPTED;
  Verdict storage;
  CabinetCheckStatus status;
  CabinetDistro distro;

  if (!cabinet_check_env_read (env, "/proc/self/mountinfo", &mountinfo, NULL, &error)
      || !cabinet_mountinfo_parse (mountinfo, &mounts, &error))
    {
      g_autofree char *line = g_strdup_printf ("/proc/self/mountinfo: %s", error->message);

      append_line (evidence, line);
      return unknown_result (_("Cabinet could not tell whether your files are encrypted on disk: the list of mounted file systems could not be read."),
                             evidence->str);
    }
  {
    g_autofree char *line = g_strdup_printf ("/proc/self/mountinfo: %u %s", mounts->len,
                                             mounts->len == 1 ? "mount" : "mounts");
    append_line (evidence, line);
  }

  if (g_cancellable_is_cancelled (cancellable))
    return unknown_result (_("The check was stopped before it finished."), evidence->str);

  devices_init (&devices, env);

  /* Normalised ("/home/anna/" and "/home/x/../anna" are "/home/anna"), as the mount
   * points are compared with it character by character. */
  home = g_canonicalize_filename (cabinet_check_env_get_home (env), "/");
  {
    g_autoptr(GString) line = g_string_new (NULL);

    g_string_append_printf (line, "home %s — ", home);
    examine_path (&devices, mounts, home, _("your home folder"), line, &home_target);
    append_line (evidence, line->str);
  }

  /* Without a database path, Cabinet’s data is under the home folder, already seen. */
  if (database_path && *database_path)
    {
      g_autofree char *absolute = g_canonicalize_filename (database_path, "/");
      g_autoptr(GString) line = g_string_new (NULL);

      database = nearest_existing (env, absolute);
      if (g_str_equal (database, absolute))
        g_string_append_printf (line, "database %s — ", database);
      else
        g_string_append_printf (line, "database %s (not created yet, so its folder %s) — ",
                                absolute, database);
      examine_path (&devices, mounts, database, _("the Cabinet database"), line, &database_target);
      append_line (evidence, line->str);
    }

  /* No /proc/swaps means a kernel built without swap: nothing can be swapped out. */
  if (!cabinet_check_env_read (env, "/proc/swaps", &swaps_text, NULL, NULL))
    {
      append_line (evidence, "/proc/swaps: absent, so no swap");
      swaps = g_ptr_array_new ();
    }
  else
    {
      swaps = cabinet_swaps_parse (swaps_text);
      if (swaps->len == 0)
        append_line (evidence, "/proc/swaps: no swap in use");
    }
  for (guint i = 0; i < swaps->len; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      Verdict verdict = examine_swap (&devices, mounts, swaps->pdata[i], line, &swap_reason);

      swap_verdict = MAX (swap_verdict, verdict);
      append_line (evidence, line->str);
    }
  devices_clear (&devices);

  storage = MAX (home_target.verdict, database_target.verdict);
  distro = cabinet_check_env_get_distro (env);

  if (storage == VERDICT_PLAIN)
    {
      status = CABINET_CHECK_FAIL;
      if (home_target.verdict == VERDICT_PLAIN && database_target.verdict == VERDICT_PLAIN
          && home_target.mount != database_target.mount)
        summary = g_strdup (_("The disks holding your home folder and Cabinet’s database are not encrypted."));
      else if (home_target.verdict == VERDICT_PLAIN)
        summary = g_strdup (_("The disk holding your home folder is not encrypted."));
      else
        summary = g_strdup (_("The disk holding Cabinet’s database is not encrypted."));
      /* Reinstalling encrypted also puts swap on the encrypted disk, or in zram. */
      remedy = disk_remedy (distro);
    }
  else if (storage == VERDICT_UNKNOWN)
    {
      const char *reason = home_target.reason ? home_target.reason
                           : database_target.reason ? database_target.reason : "";

      status = CABINET_CHECK_UNKNOWN;
      if (swap_verdict == VERDICT_PLAIN)
        {
          g_autofree char *swap_text = swap_remedy (distro);

          summary = g_strdup_printf (_("Cabinet could not tell whether your files are encrypted on disk (%s), and swap is not encrypted."),
                                     reason);
          remedy = g_strjoin ("\n\n", swap_text, unknown_remedy (), NULL);
        }
      else
        {
          summary = g_strdup_printf (_("Cabinet could not tell whether your files are encrypted on disk: %s."), reason);
          remedy = g_strdup (unknown_remedy ());
        }
    }
  else if (swap_verdict == VERDICT_PLAIN)
    {
      status = CABINET_CHECK_FAIL;
      summary = g_strdup (_("Your files are encrypted, but swap is not: client data held in memory could be written to the disk unencrypted."));
      remedy = swap_remedy (distro);
    }
  else if (swap_verdict == VERDICT_UNKNOWN)
    {
      status = CABINET_CHECK_UNKNOWN;
      summary = g_strdup_printf (_("Your files are encrypted on disk, but Cabinet could not tell whether swap is: %s."),
                                 swap_reason);
      remedy = g_strdup (unknown_remedy ());
    }
  else
    {
      status = CABINET_CHECK_PASS;
      summary = g_strdup (swaps->len > 0 ? _("Your files and swap are encrypted on disk.")
                                         : _("Your files are encrypted on disk."));
    }

  g_free (home_target.reason);
  g_free (database_target.reason);

  {
    g_autofree char *clean_summary = printable (summary);

    return cabinet_check_result_new (status, clean_summary, evidence->str, remedy);
  }
}
