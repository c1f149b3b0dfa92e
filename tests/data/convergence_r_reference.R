# Reference values for tests/test_convergence.py, computed with R igraph.
# Regenerate from the repository root with:
#   Rscript tests/data/convergence_r_reference.R
# Writes convergence_r_graphs.csv (ties), convergence_r_actors.csv (attributes)
# and convergence_r_reference.csv (igraph's assortativity values, ties
# unweighted: R igraph 1.3 takes no weights here; weighted values are checked
# against python-igraph in the tests).
suppressMessages(library(igraph))
set.seed(20240501)
ties <- list(); actors <- list(); ref <- list()
specs <- expand.grid(directed = c(FALSE, TRUE), rep = 1:3)
for (i in seq_len(nrow(specs))) {
  s <- specs[i, ]
  n <- 25 + 5 * i
  g <- sample_gnp(n, 0.15, directed = s$directed)
  g <- simplify(g)
  m <- ecount(g)
  w <- round(runif(m, 0.5, 5), 2)
  grp <- sample(1:3, n, replace = TRUE, prob = c(0.5, 0.3, 0.2))
  val <- round(rnorm(n, 10, 3) + 2 * grp, 3)
  el <- as_edgelist(g, names = FALSE)
  ties[[i]] <- data.frame(graph = i, source = el[, 1], target = el[, 2], weight = w)
  actors[[i]] <- data.frame(graph = i, actor = seq_len(n), group = grp, value = val)
  ref[[i]] <- data.frame(
    graph = i, directed = s$directed,
    nominal = assortativity_nominal(g, grp, directed = s$directed),
    numeric = assortativity(g, val, directed = s$directed)
  )
}
write.csv(do.call(rbind, ties), "tests/data/convergence_r_graphs.csv", row.names = FALSE)
write.csv(do.call(rbind, actors), "tests/data/convergence_r_actors.csv", row.names = FALSE)
out <- do.call(rbind, ref)
out$nominal <- sprintf("%.12f", out$nominal)
out$numeric <- sprintf("%.12f", out$numeric)
write.csv(out, "tests/data/convergence_r_reference.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("R %s, igraph %s\n", getRversion(), packageVersion("igraph")))
