#!/bin/sh
# certbot deploy hook: lets the turnpike group read the renewed certificate and key, which certbot
# keeps root-only. Turnpike re-reads the files every turnpike.tls.reload-interval and serves the new
# certificate to new connections; no restart. Install:
#   install -m 755 config/certbot-deploy-hook.sh /etc/letsencrypt/renewal-hooks/deploy/turnpike.sh
# certbot sets RENEWED_LINEAGE (/etc/letsencrypt/live/<name>) when it runs the hook.
set -eu
: "${RENEWED_LINEAGE:?certbot sets RENEWED_LINEAGE}"
group="${TURNPIKE_GROUP:-turnpike}"
live_dir="$(dirname "$RENEWED_LINEAGE")"
archive_dir="$(dirname "$live_dir")/archive/$(basename "$RENEWED_LINEAGE")"

# Directories: traversable by the group. Files: the key readable by owner and group only.
for dir in "$live_dir" "$(dirname "$archive_dir")" "$archive_dir" "$RENEWED_LINEAGE"; do
  chgrp "$group" "$dir"
  chmod 750 "$dir"
done
for file in "$archive_dir"/*.pem; do
  chgrp "$group" "$file"
  chmod 640 "$file"
done
