module jpprof/gentext

go 1.19
