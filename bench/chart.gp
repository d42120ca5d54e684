# SPDX-License-Identifier: MIT
# The benchmark chart: logins/s and p99 latency per variant, median over the
# rounds with the min-max spread as error bars.  Called by report.js:
#   gnuplot -e "datafile='chart.dat'; outfile='benchmarks.png'; nvariants=N" chart.gp
# chart.dat columns: index, "label", logins/s median, min, max, p99 median, min, max
set terminal pngcairo size 1200,560 font "DejaVu Sans,10" noenhanced
set output outfile
set multiplot layout 1,2 title "panelsso SendGrid plugin vs alternatives (same loopback HTTPS sandbox)"
set style fill solid 0.75 border -1
set boxwidth 0.6
set grid ytics
set logscale y
set xtics rotate by -30 left nomirror
set xrange [-0.6:nvariants - 0.4]
set bmargin 7
unset key

set title "logins per second (higher is better; log scale)"
set ylabel "logins/s"
set yrange [10:*]  # g. (a process per login) runs at tens of logins/s
plot datafile using 1:3:xtic(2) with boxes lc rgb "#2b6cb0", \
     '' using 1:3:4:5 with yerrorbars lc rgb "black" pointsize 0, \
     '' using 1:3:(sprintf("%.0f", $3)) with labels offset 0,1.8 font ",9"

set title "p99 latency per login (lower is better; log scale)"
set ylabel "microseconds"
set yrange [10:*]
plot datafile using 1:6:xtic(2) with boxes lc rgb "#c05621", \
     '' using 1:6:7:8 with yerrorbars lc rgb "black" pointsize 0, \
     '' using 1:6:(sprintf("%.0f", $6)) with labels offset 0,1.8 font ",9"
unset multiplot
