# Reference values for tests/test_diversity_reference.py, from R vegan.
# Regenerate (from the repository root) with:
#   Rscript tests/data/diversity_vegan.R tests/data
# It writes diversity_vegan.csv (vegan's diversity() and renyi(hill = TRUE))
# and diversity_similarity.csv (Rao-Stirling, true diversity and
# Leinster-Cobbold transcribed from their formulas with explicit loops in R:
# a second implementation, not vegan).
suppressPackageStartupMessages(library(vegan))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "."

vectors <- list(
  metrics_uneven = c(30, 1, 1, 1, 1, 1),
  metrics_even   = c(6, 6, 6, 6, 6, 5),
  with_zeros     = c(0, 4, 0, 1, 2, 0, 7),
  single         = c(5),
  single_zeros   = c(0, 0, 3, 0),
  pair           = c(1, 1),
  proportions    = c(0.5, 0.25, 0.125, 0.125),
  large          = c(123456, 7890, 42, 1, 999, 31337),
  many           = (1:40)^2,
  geometric      = 2^(0:15)
)
scales <- c(0, 0.5, 1, 2, 3, Inf)
rows <- list()
for (name in names(vectors)) {
  x <- vectors[[name]]
  vals <- c(
    shannon    = diversity(x, "shannon"),
    simpson    = diversity(x, "simpson"),
    invsimpson = diversity(x, "invsimpson")
  )
  h <- as.numeric(renyi(x, scales = scales, hill = TRUE))
  names(h) <- paste0("hill_", scales)
  vals <- c(vals, h)
  rows[[name]] <- data.frame(
    vector = name, counts = paste(format(x, scientific = FALSE, trim = TRUE), collapse = " "),
    measure = names(vals), value = format(unname(vals), digits = 17), stringsAsFactors = FALSE
  )
}
write.csv(do.call(rbind, rows), file.path(out, "diversity_vegan.csv"), row.names = FALSE)

# Similarity-sensitive indices, by the formulas (ordered pairs i != j).
rao <- function(p, d, a = 1, b = 1) {
  s <- 0
  for (i in seq_along(p)) for (j in seq_along(p))
    if (i != j && p[i] > 0 && p[j] > 0) s <- s + d[i, j]^a * (p[i] * p[j])^b
  s
}
lc <- function(p, Z, q) {
  keep <- p > 0
  p <- p[keep]; Z <- Z[keep, keep, drop = FALSE]
  zp <- as.numeric(Z %*% p)
  if (q == 1) return(exp(-sum(p * log(zp))))
  if (is.infinite(q)) return(1 / max(zp))
  sum(p * zp^(q - 1))^(1 / (1 - q))
}
d4 <- matrix(c(0, .2, .9, 1,
               .2, 0, .7, .8,
               .9, .7, 0, .3,
               1, .8, .3, 0), 4, byrow = TRUE)
cases <- list(
  a = c(10, 5, 3, 2),
  b = c(1, 1, 1, 1),
  c = c(0, 7, 0, 2),
  d = c(9, 0, 0, 0)
)
srows <- list()
for (name in names(cases)) {
  x <- cases[[name]]; p <- x / sum(x)
  Q <- rao(p, d4)
  vals <- c(rao_1_1 = Q, rao_0.5_2 = rao(p, d4, 0.5, 2), rao_0_1 = rao(p, d4, 0, 1),
            true_diversity = 1 / (1 - Q))
  for (q in c(0, 0.5, 1, 2, 3, Inf)) vals[paste0("lc_", q)] <- lc(p, 1 - d4, q)
  srows[[name]] <- data.frame(
    case = name, counts = paste(x, collapse = " "), measure = names(vals),
    value = format(unname(vals), digits = 17), stringsAsFactors = FALSE
  )
}
write.csv(do.call(rbind, srows), file.path(out, "diversity_similarity.csv"), row.names = FALSE)
