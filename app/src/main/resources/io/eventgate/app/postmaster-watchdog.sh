# The postmaster watchdog (see PostmasterWatchdog.java): stops the embedded PostgreSQL once the JVM that
# started it is gone, however it went. Run as: sh -c "$(this file)" watchdog <data folder> <owner> <mode>
# <owner> is the JVM's identity as written in eventgate.owner; <mode> is "temporary" (remove the folder
# afterwards) or "kept".
#
# stdin is a pipe from the JVM. A line on it means "I stopped the server myself, leave". End of file
# without a line means the JVM died (kill -9, the OOM killer): the kernel closes its end of the pipe.

# A Ctrl-C or a closed terminal reaches the whole process group: the JVM handles those itself, and this
# watchdog must outlive it to be of any use.
trap '' HUP INT TERM

data=$1
owner=$2
mode=$3

if IFS= read -r _; then
  exit 0
fi

# A newer run owns the folder now: its server is not ours to stop.
if [ -f "$data/eventgate.owner" ] && ! grep -qx "owner=$owner" "$data/eventgate.owner"; then
  exit 0
fi

running() {
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  state=${stat##*) }
  case $state in
    Z*|X*) return 1 ;;
  esac
  return 0
}

pid=$(sed -n 1p "$data/postmaster.pid" 2>/dev/null)
case $pid in
  ''|*[!0-9]*) pid= ;;
esac
if [ -n "$pid" ] && running "$pid"; then
  # Only a PostgreSQL server started on this very folder: its program is .../postgres and its command
  # line names the folder (-D <folder>). Any other process that happens to have this pid is left alone,
  # and so is the folder.
  program=$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | sed -n 1p)
  if [ "${program##*/}" != postgres ] || ! tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$data"; then
    exit 0
  fi
  kill -INT "$pid" 2>/dev/null
  # A fast shutdown takes about a second; after a minute, leave it to the next run's reaper.
  i=0
  while running "$pid"; do
    i=$((i + 1))
    if [ "$i" -gt 600 ]; then
      exit 1
    fi
    sleep 0.1
  done
fi

if [ "$mode" = temporary ]; then
  rm -rf -- "$data"
fi
