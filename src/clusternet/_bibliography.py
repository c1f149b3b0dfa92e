"""The one bibliography of clusternet: every reference a measure, a null
model, the report's methods paragraph or the docs cite, by key.

Measures name their references by key in the registry
(:func:`clusternet.measures`); a test checks that each key is here and that
the measure's docstring cites the same work (its DOI or its title).
"""

from __future__ import annotations

__all__ = ["BIBLIOGRAPHY", "doi"]

BIBLIOGRAPHY: dict[str, str] = {
    "newman2001": "Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest "
                  "paths, weighted networks, and centrality. Physical Review E 64, 016132. "
                  "https://doi.org/10.1103/PhysRevE.64.016132",
    "burt1992": "Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. "
                "Harvard University Press.",
    "brandes2001": "Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal "
                   "of Mathematical Sociology 25(2), 163-177. "
                   "https://doi.org/10.1080/0022250X.2001.9990249",
    "krackhardt1988": "Krackhardt, D., & Stern, R. N. (1988). Informal networks and "
                      "organizational crises: an experimental simulation. Social Psychology "
                      "Quarterly 51(2), 123-140. https://doi.org/10.2307/2786835",
    "newman2003": "Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, "
                  "026126. https://doi.org/10.1103/PhysRevE.67.026126",
    "freeman1978": "Freeman, L. C. (1978). Segregation in social networks. Sociological Methods "
                   "& Research 6(4), 411-429. https://doi.org/10.1177/004912417800600401",
    "bojanowski2014": "Bojanowski, M., & Corten, R. (2014). Measuring segregation in social "
                      "networks. Social Networks 39, 14-32. "
                      "https://doi.org/10.1016/j.socnet.2014.04.001",
    "coleman1958": "Coleman, J. S. (1958). Relational analysis: the study of social "
                   "organizations with survey methods. Human Organization 17(4), 28-36. "
                   "https://doi.org/10.17730/humo.17.4.q5604m676260q8n7",
    "guimera2005": "Guimerà, R., Uzzi, B., Spiro, J., & Amaral, L. A. N. (2005). Team assembly "
                   "mechanisms determine collaboration network structure and team performance. "
                   "Science 308(5722), 697-702. https://doi.org/10.1126/science.1106340",
    "blau1977": "Blau, P. M. (1977). Inequality and Heterogeneity. Free Press.",
    "jost2006": "Jost, L. (2006). Entropy and diversity. Oikos 113(2), 363-375. "
                "https://doi.org/10.1111/j.2006.0030-1299.14714.x",
    "stirling2007": "Stirling, A. (2007). A general framework for analysing diversity in "
                    "science, technology and society. Journal of the Royal Society Interface "
                    "4(15), 707-719. https://doi.org/10.1098/rsif.2007.0213",
    "zhang2016": "Zhang, L., Rousseau, R., & Glänzel, W. (2016). Diversity of references as "
                 "an indicator of the interdisciplinarity of journals: taking similarity "
                 "between subject fields into account. Journal of the Association for "
                 "Information Science and Technology 67(5), 1257-1265. "
                 "https://doi.org/10.1002/asi.23487",
    "gould1989": "Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: a formal "
                 "approach to brokerage in transaction networks. Sociological Methodology 19, "
                 "89-126. https://doi.org/10.2307/270949",
    "guimera_amaral2005": "Guimerà, R., & Amaral, L. A. N. (2005). Functional cartography of "
                          "complex metabolic networks. Nature 433, 895-900. "
                          "https://doi.org/10.1038/nature03288",
    "giuliani2005": "Giuliani, E., & Bell, M. (2005). The micro-determinants of meso-level "
                    "learning and innovation: evidence from a Chilean wine cluster. Research "
                    "Policy 34(1), 47-68. https://doi.org/10.1016/j.respol.2004.10.008",
    "krackhardt1988qap": "Krackhardt, D. (1988). Predicting with networks: nonparametric "
                         "multiple regression analysis of dyadic data. Social Networks 10(4), "
                         "359-381. https://doi.org/10.1016/0378-8733(88)90004-4",
    "phipson2010": "Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be "
                   "zero. Statistical Applications in Genetics and Molecular Biology 9(1), 39. "
                   "https://doi.org/10.2202/1544-6115.1585",
    "hill1973": "Hill, M. O. (1973). Diversity and evenness: a unifying notation and its "
                "consequences. Ecology 54(2), 427-432. https://doi.org/10.2307/1934352",
    "shannon1948": "Shannon, C. E. (1948). A mathematical theory of communication. Bell "
                   "System Technical Journal 27(3), 379-423. "
                   "https://doi.org/10.1002/j.1538-7305.1948.tb01338.x",
    "simpson1949": "Simpson, E. H. (1949). Measurement of diversity. Nature 163, 688. "
                   "https://doi.org/10.1038/163688a0",
    "rao1982": "Rao, C. R. (1982). Diversity and dissimilarity coefficients: a unified "
               "approach. Theoretical Population Biology 21(1), 24-43. "
               "https://doi.org/10.1016/0040-5809(82)90004-1",
    "leinster2012": "Leinster, T., & Cobbold, C. A. (2012). Measuring diversity: the "
                    "importance of species similarity. Ecology 93(3), 477-489. "
                    "https://doi.org/10.1890/10-2402.1",
    "borgatti1997": "Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy "
                    "measures. Connections 20(1), 35-38.",
    "burt2004": "Burt, R. S. (2004). Structural holes and good ideas. American Journal of "
                "Sociology 110(2), 349-399. https://doi.org/10.1086/421787",
    "freeman1977": "Freeman, L. C. (1977). A set of measures of centrality based on "
                   "betweenness. Sociometry 40(1), 35-41. https://doi.org/10.2307/3033543",
    "brandes2008": "Brandes, U., & Pich, C. (2007). Centrality estimation in large networks. "
                   "International Journal of Bifurcation and Chaos 17(7), 2303-2318. "
                   "https://doi.org/10.1142/S0218127407018403",
    "traag2019": "Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to Leiden: "
                 "guaranteeing well-connected communities. Scientific Reports 9, 5233. "
                 "https://doi.org/10.1038/s41598-019-41695-z",
    "boschma2007": "Boschma, R. A., & ter Wal, A. L. J. (2007). Knowledge networks and "
                   "innovative performance in an industrial district: the case of a footwear "
                   "district in the south of Italy. Industry and Innovation 14(2), 177-199. "
                   "https://doi.org/10.1080/13662710701253441",
    "strona2014": "Strona, G., Nappo, D., Boccacci, F., Fattorini, S., & San-Miguel-Ayanz, J. "
                  "(2014). A fast and unbiased procedure to randomize ecological binary "
                  "matrices with fixed row and column totals. Nature Communications 5, 4114. "
                  "https://doi.org/10.1038/ncomms5114",
    "maslov2002": "Maslov, S., & Sneppen, K. (2002). Specificity and stability in topology of "
                  "protein networks. Science 296(5569), 910-913. "
                  "https://doi.org/10.1126/science.1065103",
    "opsahl2013": "Opsahl, T. (2013). Triadic closure in two-mode networks: redefining the "
                  "global and local clustering coefficients. Social Networks 35(2), 159-167. "
                  "https://doi.org/10.1016/j.socnet.2011.07.001",
    "robins2004": "Robins, G., & Alexander, M. (2004). Small worlds among interlocking "
                  "directors: network structure and distance in bipartite graphs. "
                  "Computational & Mathematical Organization Theory 10(1), 69-94. "
                  "https://doi.org/10.1023/B:CMOT.0000032580.12184.c0",
    "everett2016": "Everett, M. G., & Valente, T. W. (2016). Bridging, brokerage and "
                   "betweenness. Social Networks 44, 202-208. "
                   "https://doi.org/10.1016/j.socnet.2015.09.001",
    "uzzi2005": "Uzzi, B., & Spiro, J. (2005). Collaboration and creativity: the small world "
                "problem. American Journal of Sociology 111(2), 447-504. "
                "https://doi.org/10.1086/432782",
    "newman2001random": "Newman, M. E. J., Strogatz, S. H., & Watts, D. J. (2001). Random "
                        "graphs with arbitrary degree distributions and their applications. "
                        "Physical Review E 64(2), 026118. "
                        "https://doi.org/10.1103/PhysRevE.64.026118",
    "watts1998": "Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of "
                 "'small-world' networks. Nature 393(6684), 440-442. "
                 "https://doi.org/10.1038/30918",
    "borgatti1999": "Borgatti, S. P., & Everett, M. G. (1999). Models of core/periphery "
                    "structures. Social Networks 21(4), 375-395. "
                    "https://doi.org/10.1016/S0378-8733(99)00019-2",
    "boschma2005": "Boschma, R. (2005). Proximity and innovation: a critical assessment. "
                   "Regional Studies 39(1), 61-74. "
                   "https://doi.org/10.1080/0034340052000320887",
    "agrawal2008": "Agrawal, A., Kapur, D., & McHale, J. (2008). How do spatial and social "
                   "proximity influence knowledge flows? Evidence from patent data. Journal "
                   "of Urban Economics 64(2), 258-269. "
                   "https://doi.org/10.1016/j.jue.2008.01.003",
    "balland2012": "Balland, P.-A. (2012). Proximity and the evolution of collaboration "
                   "networks: evidence from research and development projects within the "
                   "global navigation satellite system (GNSS) industry. Regional Studies "
                   "46(6), 741-756. https://doi.org/10.1080/00343404.2010.529121",
    "juhasz2018": "Juhász, S., & Lengyel, B. (2018). Creation and persistence of ties in "
                  "cluster knowledge networks. Journal of Economic Geography 18(6), "
                  "1203-1226.",
    "neal2014": "Neal, Z. (2014). The backbone of bipartite projections: inferring "
                "relationships from co-authorship, co-sponsorship, co-attendance and other "
                "co-behaviors. Social Networks 39, 84-97. "
                "https://doi.org/10.1016/j.socnet.2014.06.001",
    "saracco2015": "Saracco, F., Di Clemente, R., Gabrielli, A., & Squartini, T. (2015). "
                   "Randomizing bipartite networks: the case of the World Trade Web. "
                   "Scientific Reports 5, 10595. https://doi.org/10.1038/srep10595",
    "saracco2017": "Saracco, F., Straka, M. J., Di Clemente, R., Gabrielli, A., Caldarelli, "
                   "G., & Squartini, T. (2017). Inferring monopartite projections of "
                   "bipartite networks: an entropy-based approach. New Journal of Physics "
                   "19, 053022. https://doi.org/10.1088/1367-2630/aa6b38",
    "zweig2011": "Zweig, K. A., & Kaufmann, M. (2011). A systematic approach to the one-mode "
                 "projection of bipartite graphs. Social Network Analysis and Mining 1(3), "
                 "187-218. https://doi.org/10.1007/s13278-011-0021-0",
    "holm1979": "Holm, S. (1979). A simple sequentially rejective multiple test procedure. "
                "Scandinavian Journal of Statistics 6(2), 65-70.",
    "benjamini1995": "Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery "
                     "rate: a practical and powerful approach to multiple testing. Journal of "
                     "the Royal Statistical Society B 57(1), 289-300. "
                     "https://doi.org/10.1111/j.2517-6161.1995.tb02031.x",
    "uzzi2013": "Uzzi, B., Mukherjee, S., Stringer, M., & Jones, B. (2013). Atypical "
                "combinations and scientific impact. Science 342(6157), 468-472. "
                "https://doi.org/10.1126/science.1240474",
    "carstens2015": "Carstens, C. J. (2015). Proof of uniform sampling of binary matrices with "
                    "fixed row sums and column sums for the fast curveball algorithm. Physical "
                    "Review E 91(4), 042812. https://doi.org/10.1103/PhysRevE.91.042812",
    "dekker2007": "Dekker, D., Krackhardt, D., & Snijders, T. A. B. (2007). Sensitivity of "
                  "MRQAP tests to collinearity and autocorrelation conditions. Psychometrika "
                  "72(4), 563-581. https://doi.org/10.1007/s11336-007-9016-1",
}


def doi(key: str) -> str | None:
    """The DOI of a reference (``10.xxxx/...``), or None for a book."""
    text = BIBLIOGRAPHY[key]
    marker = "https://doi.org/"
    return text.split(marker, 1)[1].rstrip(".") if marker in text else None
