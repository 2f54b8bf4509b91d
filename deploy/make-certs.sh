#!/usr/bin/env bash
# Makes the certificates of a closed cluster (docs/CLUSTER.md, "A closed cluster"): a cluster CA, and for each
# process named a key and a certificate the CA signed, all PEM, for EVENTBUS_TLS_CA, EVENTBUS_TLS_CERT and
# EVENTBUS_TLS_KEY.
#
#   deploy/make-certs.sh DIR [NAME...]
#
#   DIR     where the files go (created); keep it out of the repository (certs/ is ignored by git)
#   NAME    one per process; default: the four processes of docker-compose.yml
#           (gateway-1 gateway-2 appointments-1 appointments-2)
#
# Writes DIR/ca.pem and DIR/ca.key (the CA: made once; when they exist, a later run signs new names with the
# same CA, so a process can be added without touching the others), and DIR/NAME.pem and DIR/NAME.key per name
# (an existing pair is kept). Every process gets a key of its own, so a key never has to leave the machine
# of its process and copying one machine's key exposes only that process. ca.key signs members: it is needed
# only to add one, and belongs offline in a deployment; no process reads it.
#
# Members check the chain to ca.pem, not the name in a certificate (the event bus addresses members by
# what they advertise): every certificate ca.key signs is a member. The name goes into the subject and
# subjectAltName all the same, to tell certificates apart. Keys are EC P-256 (fast handshakes), PKCS#8.
#
# DIR is made readable by its owner only: that, not the files' own modes, keeps the keys private on the
# host. The files themselves are readable by all, because the containers of docker-compose.yml run as
# their own user (uid 10001) and read the files Docker mounts into them one by one.
set -euo pipefail

if [ $# -lt 1 ] || [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
  sed -n '2,24p' "$0"
  exit 2
fi
command -v openssl >/dev/null 2>&1 || { echo "make-certs: openssl is needed (apt-get install openssl)" >&2; exit 1; }

dir=$1
shift
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(gateway-1 gateway-2 appointments-1 appointments-2)
for name in "${names[@]}"; do
  if ! [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9.-]*$ ]] || [ "$name" = "ca" ]; then
    echo "make-certs: '$name' is not a process name (letters, digits, dots and dashes; not 'ca')" >&2
    exit 2
  fi
done

CA_DAYS=3650
MEMBER_DAYS=825

mkdir -p "$dir"
chmod 700 "$dir"
umask 022

if [ ! -f "$dir/ca.pem" ] || [ ! -f "$dir/ca.key" ]; then
  openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/ca.key"
  openssl req -new -x509 -key "$dir/ca.key" -sha256 -days "$CA_DAYS" -subj "/CN=eventgate cluster CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/ca.pem"
  chmod 644 "$dir/ca.pem"
  chmod 600 "$dir/ca.key"
  echo "make-certs: a new cluster CA in $dir/ca.pem" >&2
fi

extensions=$(mktemp)
trap 'rm -f "$extensions" "$dir"/*.csr' EXIT
for name in "${names[@]}"; do
  if [ -f "$dir/$name.pem" ] && [ -f "$dir/$name.key" ]; then
    echo "make-certs: $name already has $dir/$name.pem, kept" >&2
    continue
  fi
  openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$name.key"
  openssl req -new -key "$dir/$name.key" -subj "/CN=$name" -out "$dir/$name.csr"
  # Each member is a TLS server to the ones that connect to it and a client of those it connects to.
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=DNS:$name" >"$extensions"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -sha256 \
    -days "$MEMBER_DAYS" -extfile "$extensions" -out "$dir/$name.pem" 2>/dev/null
  chmod 644 "$dir/$name.pem" "$dir/$name.key"
  echo "make-certs: $name: $dir/$name.pem, $dir/$name.key" >&2
done
