# Plots of a `make bench` run (scripts/bench writes the .dat files):
#   noise.png    the FWQ noise trace of each CPU: overhead of every quantum
#   latency.png  the distributions of getpid and of a write to /dev/null
# usage: gnuplot -e "outdir='build/bench'" test/bench/plots.gp

if (!exists("outdir")) outdir = "build/bench"
sides = "linux isolated lwk"
title(s) = s eq "linux" ? "Linux CPU (ordinary)" : \
	   s eq "isolated" ? "Linux CPU (isolcpus, nohz_full)" : "LWK CPU"

set terminal pngcairo size 1200,900 font ",10" noenhanced
set output outdir."/noise.png"
set multiplot layout 3,1 title "FWQ: overhead of each quantum over the fastest (QEMU TCG)"
set xlabel "quantum, in the order run"
set ylabel "overhead (us)"
set logscale y
set yrange [0.01:*]
set grid
do for [s in sides] {
	set title title(s)
	# Zero overhead cannot be drawn on a log scale: it sits on the floor.
	plot outdir."/noise_".s.".dat" using 1:($2 > 0.01 ? $2 : 0.01) \
		with points pt 7 ps 0.3 notitle
}
unset multiplot
unset logscale y

set output outdir."/latency.png"
set multiplot layout 1,2 title "Syscall latency distributions (QEMU TCG)"
set xlabel "per-call time (us)"
set ylabel "fraction of calls (%)"
set logscale x
set yrange [0:100]
set key bottom right
set title "getpid (local on the LWK)"
plot for [s in sides] outdir."/latency_getpid_".s.".dat" using ($2 / 1000):1 \
	with steps lw 2 title title(s)
set title "write 1 B to /dev/null (offloaded by the LWK)"
plot for [s in sides] outdir."/latency_write_".s.".dat" using ($2 / 1000):1 \
	with steps lw 2 title title(s)
unset multiplot
