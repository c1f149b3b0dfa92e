# Reference values for clusternet.brokerage.gould_fernandez: R sna's brokerage().
#
# Made with R 4.x, sna 2.7-1 (Debian r-cran-sna), from the repository root:
#
#     Rscript tests/data/brokerage_gf_sna.R
#
# Reads brokerage_gf_cases.csv / _ties.csv / _groups.csv (made by
# brokerage_gf_make.py) and writes brokerage_gf_sna.csv: for each case, one row
# per actor and statistic (raw, expected, sd, z: sna's *.nli) and one row per
# statistic for the network (actor = NA: sna's *.gli), columns sna's codes.
# Undirected graphs are passed as symmetric adjacency matrices, as sna does.
suppressMessages(library(sna))
dir <- "tests/data"
cases <- read.csv(file.path(dir, "brokerage_gf_cases.csv"))
ties <- read.csv(file.path(dir, "brokerage_gf_ties.csv"))
groups <- read.csv(file.path(dir, "brokerage_gf_groups.csv"), stringsAsFactors = FALSE)
codes <- c("w_I", "w_O", "b_IO", "b_OI", "b_O", "t")
out <- list()
for (i in seq_len(nrow(cases))) {
  cs <- cases$case[i]; n <- cases$n[i]; directed <- as.logical(cases$directed[i])
  m <- matrix(0, n, n)
  e <- ties[ties$case == cs, ]
  for (r in seq_len(nrow(e))) {
    m[e$source[r], e$target[r]] <- 1
    if (!directed) m[e$target[r], e$source[r]] <- 1
  }
  gr <- groups[groups$case == cs, ]
  cl <- gr$group[order(gr$actor)]
  b <- brokerage(m, cl)
  for (st in c("raw", "exp", "sd", "z")) {
    nli <- b[[paste0(st, ".nli")]]
    gli <- b[[paste0(st, ".gli")]]
    name <- if (st == "exp") "expected" else st
    a <- data.frame(case = cs, actor = seq_len(n), statistic = name, nli)
    colnames(a)[4:9] <- codes
    g <- data.frame(case = cs, actor = NA, statistic = name, t(gli))
    colnames(g)[4:9] <- codes
    out[[length(out) + 1]] <- rbind(a, g)
  }
}
res <- do.call(rbind, out)
write.csv(res, file.path(dir, "brokerage_gf_sna.csv"), row.names = FALSE)
