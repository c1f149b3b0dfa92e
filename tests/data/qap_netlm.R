# Reference values for tests/test_qap.py: sna::netlm and sna::netlogit on
# small simulated networks.
#
#   cd tests/data && Rscript qap_netlm.R
#
# Writes qap_matrices.csv (the input matrices, long format: case, matrix,
# row, col, value; rows/cols 1-based, actor order) and qap_netlm.csv (one
# row per case, null hypothesis and term: coefficient, test statistic,
# standard error = coef / statistic, netlm's three permutation p-values,
# replications, fit statistics, R and sna versions).
suppressMessages(library(sna))
set.seed(20261204)

n <- 25
cases <- list()

# case "dir": directed, weighted dependent; x2 correlated with x1; x3 binary
x1 <- matrix(rnorm(n * n), n, n)
x2 <- 0.6 * x1 + matrix(rnorm(n * n), n, n)
grp <- sample(1:3, n, replace = TRUE)
x3 <- outer(grp, grp, "==") * 1
y <- 0.08 * x1 + 0.15 * x3 + matrix(rnorm(n * n), n, n)
y <- pmax(round(y * 2), 0)          # counts 0, 1, 2, ...
diag(y) <- 0; diag(x1) <- 0; diag(x2) <- 0; diag(x3) <- 0
cases$dir <- list(y = y, x = list(x1 = x1, x2 = x2, x3 = x3), mode = "digraph")

# case "bin": directed, binary dependent (logit)
yb <- (0.15 * x1 - 0.1 * x2 + 0.3 * x3 + rlogis(n * n) > 0.5) * 1
diag(yb) <- 0
cases$bin <- list(y = yb, x = list(x1 = x1, x2 = x2, x3 = x3), mode = "digraph")

# case "und": undirected (symmetric) weighted dependent, symmetric covariates
s1 <- x1 + t(x1)
z <- runif(n)
s2 <- abs(outer(z, z, "-"))
ys <- 0.05 * s1 - 0.6 * s2 + matrix(rnorm(n * n), n, n)
ys <- pmax(round(ys + t(ys)), 0)
diag(ys) <- 0; diag(s1) <- 0; diag(s2) <- 0
cases$und <- list(y = ys, x = list(s1 = s1, s2 = s2, x3 = x3), mode = "graph")

long <- function(case, name, m) {
  data.frame(case = case, matrix = name, row = as.vector(row(m)),
             col = as.vector(col(m)), value = as.vector(m))
}
mats <- list()
for (cn in names(cases)) {
  mats[[length(mats) + 1]] <- long(cn, "y", cases[[cn]]$y)
  for (xn in names(cases[[cn]]$x)) mats[[length(mats) + 1]] <- long(cn, xn, cases[[cn]]$x[[xn]])
}
write.csv(do.call(rbind, mats), "qap_matrices.csv", row.names = FALSE)

reps <- 2000
rows <- list()
for (cn in names(cases)) {
  cs <- cases[[cn]]
  xs <- array(dim = c(length(cs$x), n, n))
  for (i in seq_along(cs$x)) xs[i, , ] <- cs$x[[i]]
  logit <- cn == "bin"
  for (nh in c("qap", "qapy")) {
    if (logit) {
      fit <- netlogit(cs$y, xs, mode = cs$mode, nullhyp = nh, reps = reps)
      fitstat <- c(deviance = fit$deviance, null_deviance = fit$null.deviance, aic = fit$aic,
                   r_squared = NA)
    } else {
      fit <- netlm(cs$y, xs, mode = cs$mode, nullhyp = nh, reps = reps)
      mss <- sum((fit$fitted.values - mean(fit$fitted.values))^2)
      rss <- sum(fit$residuals^2)
      fitstat <- c(deviance = NA, null_deviance = NA, aic = NA, r_squared = mss / (mss + rss))
    }
    rows[[length(rows) + 1]] <- data.frame(
      case = cn, family = if (logit) "logit" else "ols", nullhyp = nh, mode = cs$mode,
      term = c("intercept", names(cs$x)),
      coef = sprintf("%.17g", fit$coefficients), statistic = sprintf("%.17g", fit$tstat),
      se = sprintf("%.17g", fit$coefficients / fit$tstat),
      pleeq = fit$pleeq, pgreq = fit$pgreq, pgreqabs = fit$pgreqabs, reps = reps,
      n_dyads = fit$n,
      deviance = fitstat[["deviance"]], null_deviance = fitstat[["null_deviance"]],
      aic = fitstat[["aic"]], r_squared = fitstat[["r_squared"]],
      r_version = R.version.string, sna_version = as.character(packageVersion("sna"))
    )
  }
}
write.csv(do.call(rbind, rows), "qap_netlm.csv", row.names = FALSE)
