module gpm4j.io/bench

go 1.19
