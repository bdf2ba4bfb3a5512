CREATE /* a; */ TABLE /* b; */ cbk /* c; */ (id INT /* d; */, v VARCHAR(5)) /* e; */;
INSERT /* f; */ INTO cbk VALUES (1, 'x') # g;
;
