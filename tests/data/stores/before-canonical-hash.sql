-- A store written by followup before the canonical content hash (commit 5dafc9a),
-- dumped with Python's sqlite3 iterdump; its history key is before-canonical-hash.key.
-- Made with FOLLOWUP_UNIT_BACKDATE_DAYS=9999 by: init --admin root; --as root user add eva
-- --role evaluation; --as eva import 000_126856058e4a29d7.txt; import markdown-pipes.md
-- --add-units; edit RRP-WA#1 --text '...' --as-of 2004-07-01; issue PLACMI-2 --as-of 2001-07-20.
-- Read by tests/cli/cli_test.py (StoreBeforeCanonicalHashTest).
BEGIN TRANSACTION;
CREATE TABLE action_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  action      INTEGER NOT NULL REFERENCES key_actions (id),
  on_date     TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  status      TEXT CHECK (status IS NULL OR status IN ('not_started', 'in_progress', 'done', 'cancelled',
                                                       'no_longer_applicable')),
  due         TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  reason      TEXT NOT NULL,
  by_user     TEXT NOT NULL,
  report      INTEGER REFERENCES progress_reports (id),
  recorded_at TEXT NOT NULL,
  late        INTEGER NOT NULL CHECK (late IN (0, 1)),
  on_behalf   INTEGER NOT NULL CHECK (on_behalf IN (0, 1))
) STRICT;
CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
  name       TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size       INTEGER NOT NULL CHECK (size >= 0),
  content    BLOB NOT NULL
) STRICT;
CREATE TABLE closing_evidence (
  closing    INTEGER NOT NULL REFERENCES closings (id),
  position   INTEGER NOT NULL,
  sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  name       TEXT NOT NULL,
  media_type TEXT NOT NULL,
  PRIMARY KEY (closing, position)
) STRICT;
CREATE TABLE closing_unresponsive (
  closing  INTEGER NOT NULL REFERENCES closings (id),
  position INTEGER NOT NULL,
  unit     TEXT NOT NULL REFERENCES units (code),
  PRIMARY KEY (closing, position)
) STRICT;
CREATE TABLE closings (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  kind           TEXT NOT NULL CHECK (kind IN ('closing', 'reopening')),
  outcome        TEXT CHECK (outcome IS NULL OR outcome IN ('implemented', 'not_implemented',
                                                            'no_longer_applicable', 'not_accepted')),
  on_date        TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL,
  reason         TEXT NOT NULL,
  waiver         TEXT NOT NULL,
  override       TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  late           INTEGER NOT NULL CHECK (late IN (0, 1))
) STRICT;
CREATE TABLE evaluation_addressees (
  evaluation TEXT NOT NULL REFERENCES evaluations (code) ON DELETE CASCADE,
  list       TEXT NOT NULL CHECK (list IN ('to', 'cc')),
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  PRIMARY KEY (evaluation, list, position)
) STRICT;
INSERT INTO "evaluation_addressees" VALUES('PLACMI-2','to',0,'Head of MRF Buenos Aires');
INSERT INTO "evaluation_addressees" VALUES('PLACMI-2','to',1,'Director, MMS');
INSERT INTO "evaluation_addressees" VALUES('PLACMI-2','to',2,'Director, MPRP');
INSERT INTO "evaluation_addressees" VALUES('PLACMI-2','cc',0,'The Deputy Director General');
INSERT INTO "evaluation_addressees" VALUES('PLACMI-2','cc',1,'PGM DGO');
INSERT INTO "evaluation_addressees" VALUES('RRP-WA','to',0,'Director, MMS');
INSERT INTO "evaluation_addressees" VALUES('RRP-WA','to',1,'Head of MRF Dakar');
CREATE TABLE evaluations (
  code         TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  title        TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  memo_date    TEXT CHECK (memo_date IS NULL OR memo_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  memo_from    TEXT NOT NULL,
  memo_subject TEXT NOT NULL,
  issued       TEXT CHECK (issued IS NULL OR issued GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  disclosed    INTEGER NOT NULL DEFAULT 0 CHECK (disclosed IN (0, 1))
) STRICT;
INSERT INTO "evaluations" VALUES('PLACMI-2','Evaluation of the ''Programa Latinoamericano de Cooperacion tecnica en Migraciones'' (PLACMI 2)','9ce2ce2de83bc9dcf5cd037bb9b4a80e8b72b4b21aedee690dee4afff671f016','2001-07-16','The Director General','Evaluation of the ''Programa Latinoamericano de Cooperacion tecnica en Migraciones'' (PLACMI 2)','2001-07-20',0);
INSERT INTO "evaluations" VALUES('RRP-WA','Evaluation of the Return and Reintegration Pilot in West Africa (RRP-WA)','1708813cd6d48da0a1f9871658e05215ea7d78b42600e7528827564efd87b0b7','2004-11-02','The Director General','Evaluation of the Return and Reintegration Pilot in West Africa (RRP-WA)',NULL,0);
CREATE TABLE extensions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  unit           TEXT REFERENCES units (code),
  due            TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  reason         TEXT NOT NULL,
  granted        TEXT NOT NULL CHECK (granted GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  late           INTEGER NOT NULL CHECK (late IN (0, 1))
) STRICT;
CREATE TABLE history (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  actor     TEXT NOT NULL,
  at        TEXT NOT NULL,
  entity    TEXT NOT NULL,
  action    TEXT NOT NULL,
  before    TEXT NOT NULL,
  after     TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE
, ops TEXT NOT NULL DEFAULT '[]', mac TEXT NOT NULL DEFAULT '') STRICT;
INSERT INTO "history" VALUES(1,'system','2026-11-30T01:21:33Z','user:root','create','null','{"email":"","full_name":"","name":"root","roles":["admin"],"units":[]}','0000000000000000000000000000000000000000000000000000000000000000','b50b02bbfe2a64c925cdcb80e351c8ea53f38d66c690757ec31fa9f8ab538dd5','[{"op":"add_user","user":{"email":"","full_name":"","name":"root","roles":["admin"],"units":[]}}]','23a3700227c1c71bf4091ee44ba9bee7973023166e7028b9decb93b0e2598c93');
INSERT INTO "history" VALUES(2,'root','2026-11-30T01:21:33Z','user:eva','create','null','{"email":"","full_name":"","name":"eva","roles":["evaluation"],"units":[]}','b50b02bbfe2a64c925cdcb80e351c8ea53f38d66c690757ec31fa9f8ab538dd5','83e51c36527b4e6566fef21464d7e25b2e8039b34beea27576a66a987335a3c1','[{"op":"add_user","user":{"email":"","full_name":"","name":"eva","roles":["evaluation"],"units":[]}}]','4d3bb7b00b12396bf030ffaca08e193e59260392af5426dbb5e883b834b24ea5');
INSERT INTO "history" VALUES(3,'eva','2026-11-30T01:21:33Z','unit:MRF-BA','create','null','{"aliases":[],"code":"MRF-BA","emails":[],"head_title":"Head of MRF Buenos Aires","kind":"","name":"MRF Buenos Aires","parent":""}','83e51c36527b4e6566fef21464d7e25b2e8039b34beea27576a66a987335a3c1','89354dad2c295718ccf8e5a5d1131c4a62fe1ac3198f4684192fb28eee5a86c0','[{"op":"add_unit","unit":{"aliases":[],"code":"MRF-BA","emails":[],"head_title":"Head of MRF Buenos Aires","kind":"","name":"MRF Buenos Aires","parent":""}}]','f9b183a043fcada62faddc151a481bd5cd7013418c448691bedf8c887c70ab03');
INSERT INTO "history" VALUES(4,'eva','2026-11-30T01:21:33Z','unit:MMS','create','null','{"aliases":[],"code":"MMS","emails":[],"head_title":"Director, MMS","kind":"","name":"MMS","parent":""}','89354dad2c295718ccf8e5a5d1131c4a62fe1ac3198f4684192fb28eee5a86c0','7cbfa7d320ccf06c15dba97e340f1ebbfeb275002b64b29edf41853ae21485eb','[{"op":"add_unit","unit":{"aliases":[],"code":"MMS","emails":[],"head_title":"Director, MMS","kind":"","name":"MMS","parent":""}}]','694939f738c24545e1d561d187697a32467bd9840d8e4054f5129254fd05abfc');
INSERT INTO "history" VALUES(5,'eva','2026-11-30T01:21:33Z','unit:MPRP','create','null','{"aliases":[],"code":"MPRP","emails":[],"head_title":"Director, MPRP","kind":"","name":"MPRP","parent":""}','7cbfa7d320ccf06c15dba97e340f1ebbfeb275002b64b29edf41853ae21485eb','2f05f795ca4d1661216f9836297bd7f4deeb9ff15146c5b59f3d4a0888c373be','[{"op":"add_unit","unit":{"aliases":[],"code":"MPRP","emails":[],"head_title":"Director, MPRP","kind":"","name":"MPRP","parent":""}}]','ac5d7ffbe92dba10ecd15cd7b6bb5fee535a4c3111c8c08a386099bd8c27094f');
INSERT INTO "history" VALUES(6,'eva','2026-11-30T01:21:33Z','evaluation:PLACMI-2','import','null','{"code":"PLACMI-2","content_hash":"9ce2ce2de83bc9dcf5cd037bb9b4a80e8b72b4b21aedee690dee4afff671f016","disclosed":false,"file":"/work/wt-c/tests/data/memos/000_126856058e4a29d7.txt","issued":null,"memo":{"cc":["The Deputy Director General","PGM DGO"],"date":"2001-07-16","from":"The Director General","subject":"Evaluation of the ''Programa Latinoamericano de Cooperacion tecnica en Migraciones'' (PLACMI 2)","to":["Head of MRF Buenos Aires","Director, MMS","Director, MPRP"]},"recommendations":2,"title":"Evaluation of the ''Programa Latinoamericano de Cooperacion tecnica en Migraciones'' (PLACMI 2)"}','2f05f795ca4d1661216f9836297bd7f4deeb9ff15146c5b59f3d4a0888c373be','fd3bea89b49fc20e93b3398e710565712004eb7cd03977bea5f1d24393be5f3c','[{"content_hash":"9ce2ce2de83bc9dcf5cd037bb9b4a80e8b72b4b21aedee690dee4afff671f016","evaluation":{"code":"PLACMI-2","disclosed":false,"issued":null,"memo":{"cc":["The Deputy Director General","PGM DGO"],"date":"2001-07-16","from":"The Director General","subject":"Evaluation of the ''Programa Latinoamericano de Cooperacion tecnica en Migraciones'' (PLACMI 2)","to":["Head of MRF Buenos Aires","Director, MMS","Director, MPRP"]},"recommendations":[{"due":"2001-08-31","number":1,"priority":"normal","responsible":["IOM Buenos Aires"],"text":"In view of the potential interest to continue financing the programme, IOM Buenos Aires should encourage the organization of a meeting of the four MRFs of the Americas in collaboration and with the support of the Migration Management Services Department at Headquarters. This meeting would provide a good opportunity to discuss a partial decentralization of technical assistance and the best strategy for using all the resources available. Parameters for collaboration between the four MRFs could also be established, especially in the framework of the regional processes. Finally, the extension of PLACMI through the TCMA approach could be discussed and agreed upon for the region as a whole. This would also avoid risks of duplication or incoherence in the assistance provided, with diverging views on migration management, and would also reinforce a sustainable capacity in the management of migration in the governments. A global but harmonized approach would certainly encourage donors to continue disbursing funds for such a successful activity.","units":["MRF-BA"]},{"due":"2001-08-31","number":2,"priority":"normal","responsible":["MMS","MPRP"],"text":"IOM Headquarters through the Migration Management Services Department and MPRP should consider PLACMI as a best-practice experience and study its mechanisms in more detail. This is especially true of its regional dimension, the dynamism and adaptability of the programme, as well as the quality of the technical assistance provided. They could also play a strong role in harmonizing the strategy and the content of migratory approaches in and between the different regions that benefit from IOM technical assistance, and from PLACMI in particular.","units":["MMS","MPRP"]}],"title":"Evaluation of the ''Programa Latinoamericano de Cooperacion tecnica en Migraciones'' (PLACMI 2)"},"op":"insert_evaluation"}]','ff817412406308c820239b1adfccff0fb58d285714f4bf7df55dde74e6bf7181');
INSERT INTO "history" VALUES(7,'eva','2026-11-30T01:21:33Z','recommendation:PLACMI-2#1','import','null','{"due":"2001-08-31","evaluation":"PLACMI-2","number":1,"priority":"normal","ref":"PLACMI-2#1","responsible":["IOM Buenos Aires"],"text":"In view of the potential interest to continue financing the programme, IOM Buenos Aires should encourage the organization of a meeting of the four MRFs of the Americas in collaboration and with the support of the Migration Management Services Department at Headquarters. This meeting would provide a good opportunity to discuss a partial decentralization of technical assistance and the best strategy for using all the resources available. Parameters for collaboration between the four MRFs could also be established, especially in the framework of the regional processes. Finally, the extension of PLACMI through the TCMA approach could be discussed and agreed upon for the region as a whole. This would also avoid risks of duplication or incoherence in the assistance provided, with diverging views on migration management, and would also reinforce a sustainable capacity in the management of migration in the governments. A global but harmonized approach would certainly encourage donors to continue disbursing funds for such a successful activity.","units":["MRF-BA"]}','fd3bea89b49fc20e93b3398e710565712004eb7cd03977bea5f1d24393be5f3c','69f219ae1e4d253f5f4c5afa27e2847207b1d1ea28d19321fa3728899753ef81','[]','bde31a75afd2789c41b44cc8f130ad9e10c6d198cb77332a5d42cdacb71b12ba');
INSERT INTO "history" VALUES(8,'eva','2026-11-30T01:21:33Z','recommendation:PLACMI-2#2','import','null','{"due":"2001-08-31","evaluation":"PLACMI-2","number":2,"priority":"normal","ref":"PLACMI-2#2","responsible":["MMS","MPRP"],"text":"IOM Headquarters through the Migration Management Services Department and MPRP should consider PLACMI as a best-practice experience and study its mechanisms in more detail. This is especially true of its regional dimension, the dynamism and adaptability of the programme, as well as the quality of the technical assistance provided. They could also play a strong role in harmonizing the strategy and the content of migratory approaches in and between the different regions that benefit from IOM technical assistance, and from PLACMI in particular.","units":["MMS","MPRP"]}','69f219ae1e4d253f5f4c5afa27e2847207b1d1ea28d19321fa3728899753ef81','de87ebeadbe86aed4883cdf8ed72827c686eb582539101ea7403565a3ce921e4','[]','2dd5093fe962b74ff1f879b557712d39773e51337cc8bc1b444d469a3fc22429');
INSERT INTO "history" VALUES(9,'eva','2026-11-30T01:21:34Z','unit:MRF-DAKAR','create','null','{"aliases":[],"code":"MRF-DAKAR","emails":[],"head_title":"Head of MRF Dakar","kind":"","name":"MRF Dakar","parent":""}','de87ebeadbe86aed4883cdf8ed72827c686eb582539101ea7403565a3ce921e4','b0ab13e97c4d2f78b611126cc3158fc73cd679ad44de3400dee11d957fae565d','[{"op":"add_unit","unit":{"aliases":[],"code":"MRF-DAKAR","emails":[],"head_title":"Head of MRF Dakar","kind":"","name":"MRF Dakar","parent":""}}]','74519909285d83ab2982b29722babd3bc91975a66dc95dbe39cd307818e1f7f5');
INSERT INTO "history" VALUES(10,'eva','2026-11-30T01:21:34Z','evaluation:RRP-WA','import','null','{"code":"RRP-WA","content_hash":"1708813cd6d48da0a1f9871658e05215ea7d78b42600e7528827564efd87b0b7","disclosed":false,"file":"/work/wt-c/tests/data/memos/markdown-pipes.md","issued":null,"memo":{"cc":[],"date":"2004-11-02","from":"The Director General","subject":"Evaluation of the Return and Reintegration Pilot in West Africa (RRP-WA)","to":["Director, MMS","Head of MRF Dakar"]},"recommendations":3,"title":"Evaluation of the Return and Reintegration Pilot in West Africa (RRP-WA)"}','b0ab13e97c4d2f78b611126cc3158fc73cd679ad44de3400dee11d957fae565d','30a81dc8f159f8857081bc72e7b4750203893c60d32414734d4f4aaccdc075ee','[{"content_hash":"1708813cd6d48da0a1f9871658e05215ea7d78b42600e7528827564efd87b0b7","evaluation":{"code":"RRP-WA","disclosed":false,"issued":null,"memo":{"cc":[],"date":"2004-11-02","from":"The Director General","subject":"Evaluation of the Return and Reintegration Pilot in West Africa (RRP-WA)","to":["Director, MMS","Head of MRF Dakar"]},"recommendations":[{"due":"2004-12-15","number":1,"priority":"normal","responsible":["MRF Dakar"],"text":"Extend the reintegration grant scheme to the two border regions identified in the evaluation, subject to donor agreement.","units":["MRF-DAKAR"]},{"due":"2005-01-31","number":2,"priority":"normal","responsible":["MRF Dakar","MMS"],"text":"Agree a common case-management template with the national counterparts before the next caseload is accepted.","units":["MRF-DAKAR","MMS"]},{"due":"2005-03-31","number":3,"priority":"normal","responsible":["MMS"],"text":"Commission an independent follow-up survey of returnees twelve months after return.","units":["MMS"]}],"title":"Evaluation of the Return and Reintegration Pilot in West Africa (RRP-WA)"},"op":"insert_evaluation"}]','f153f81384afb73f81ec5125f2a2edf2798a3494b5c608a449bd6ac62828ce2d');
INSERT INTO "history" VALUES(11,'eva','2026-11-30T01:21:34Z','recommendation:RRP-WA#1','import','null','{"due":"2004-12-15","evaluation":"RRP-WA","number":1,"priority":"normal","ref":"RRP-WA#1","responsible":["MRF Dakar"],"text":"Extend the reintegration grant scheme to the two border regions identified in the evaluation, subject to donor agreement.","units":["MRF-DAKAR"]}','30a81dc8f159f8857081bc72e7b4750203893c60d32414734d4f4aaccdc075ee','e9ea58f2f02fce46ffd48752d097614a1848616761143fa7e8972fd12c170ce2','[]','17f54b13882da9866868ee69f15b6a46b249cf0cc4ae87badb47b6d4aa2e024f');
INSERT INTO "history" VALUES(12,'eva','2026-11-30T01:21:34Z','recommendation:RRP-WA#2','import','null','{"due":"2005-01-31","evaluation":"RRP-WA","number":2,"priority":"normal","ref":"RRP-WA#2","responsible":["MRF Dakar","MMS"],"text":"Agree a common case-management template with the national counterparts before the next caseload is accepted.","units":["MRF-DAKAR","MMS"]}','e9ea58f2f02fce46ffd48752d097614a1848616761143fa7e8972fd12c170ce2','d0af6837f9efe475b5f299782dbae28349dfacc40c3334728cfc5b50ef70ca1c','[]','f689fcf8cf9bbabf215b2d753ea74158cac3a7b30eb3d311826eea9832f614a8');
INSERT INTO "history" VALUES(13,'eva','2026-11-30T01:21:34Z','recommendation:RRP-WA#3','import','null','{"due":"2005-03-31","evaluation":"RRP-WA","number":3,"priority":"normal","ref":"RRP-WA#3","responsible":["MMS"],"text":"Commission an independent follow-up survey of returnees twelve months after return.","units":["MMS"]}','d0af6837f9efe475b5f299782dbae28349dfacc40c3334728cfc5b50ef70ca1c','a8a9c18a6de14a9f9aea04d98f85d291603641cbc2d676ac429d1004a0765c6f','[]','7e4fb484c2eb8026a2bedbe2b59e02686be921a3752b3c92bb5bcd6630ba49db');
INSERT INTO "history" VALUES(14,'eva','2026-11-30T01:21:34Z','recommendation:RRP-WA#1','edit','{"due":"2004-12-15","evaluation":"RRP-WA","number":1,"priority":"normal","ref":"RRP-WA#1","responsible":["MRF Dakar"],"text":"Extend the reintegration grant scheme to the two border regions identified in the evaluation, subject to donor agreement.","units":["MRF-DAKAR"]}','{"due":"2004-12-15","evaluation":"RRP-WA","number":1,"priority":"normal","ref":"RRP-WA#1","responsible":["MRF Dakar"],"text":"Set up the return office in Dakar, as edited before issue.","units":["MRF-DAKAR"]}','a8a9c18a6de14a9f9aea04d98f85d291603641cbc2d676ac429d1004a0765c6f','1bcce2f438b89989ccbfb8c5b86ef4ba3b1cea81cb1e249d5524fae44505e00c','[{"evaluation":"RRP-WA","op":"update_recommendation","rec":{"due":"2004-12-15","number":1,"priority":"normal","responsible":["MRF Dakar"],"text":"Set up the return office in Dakar, as edited before issue.","units":["MRF-DAKAR"]}}]','e5b059955b7546913b98a02daa0b35d301681832966430cadf3657a296615da8');
INSERT INTO "history" VALUES(15,'eva','2026-11-30T01:21:34Z','evaluation:PLACMI-2','issue','null','{"issued":"2001-07-20"}','1bcce2f438b89989ccbfb8c5b86ef4ba3b1cea81cb1e249d5524fae44505e00c','b87dfd668a4f726b7be243986703b51e9919433aecef8dfe6f055b530126e2d4','[{"code":"PLACMI-2","issued":"2001-07-20","op":"set_evaluation_issued"}]','dbbd157ec4169b5e5078c11a4bc718697e5067fbbee04b3f2de1b573a691ebc7');
INSERT INTO "history" VALUES(16,'eva','2026-11-30T01:21:34Z','recommendation:PLACMI-2#1','issue','null','{"issued":"2001-07-20"}','b87dfd668a4f726b7be243986703b51e9919433aecef8dfe6f055b530126e2d4','bd5940e7309fefaaee41bc0cd43b0b96d9aadb5a3e7504e94526d749f1393e0a','[]','11eefb46ea22c8a90d9b340bdf5c39b1511dc82fa8482d698feb30d37d6544d7');
INSERT INTO "history" VALUES(17,'eva','2026-11-30T01:21:34Z','recommendation:PLACMI-2#2','issue','null','{"issued":"2001-07-20"}','bd5940e7309fefaaee41bc0cd43b0b96d9aadb5a3e7504e94526d749f1393e0a','752c2218b7f984570ded73722579cffa5804bdcea8e7163e6244cf31bc382bef','[]','e068b07a25f2252ea051e56827a3542c5635b4de9358f2cba4a48883fa9fbfd0');
CREATE TABLE key_actions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  response    INTEGER NOT NULL REFERENCES responses (id),
  unit        TEXT NOT NULL REFERENCES units (code),
  description TEXT NOT NULL,
  due         TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  added TEXT NOT NULL DEFAULT '0001-01-01'
  CHECK (added GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'), by_user TEXT NOT NULL DEFAULT '', recorded_at TEXT NOT NULL DEFAULT '', late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)), on_behalf INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1))) STRICT;
CREATE TABLE progress_reports (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  unit           TEXT NOT NULL REFERENCES units (code),
  status         TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'implemented', 'not_implemented',
                                                 'no_longer_applicable')),
  text           TEXT NOT NULL,
  reported       TEXT NOT NULL CHECK (reported GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL
, recorded_at TEXT NOT NULL DEFAULT '', late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)), on_behalf INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1))) STRICT;
CREATE TABLE recommendation_units (
  recommendation  INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  unit            TEXT NOT NULL REFERENCES units (code),
  name_as_written TEXT,
  PRIMARY KEY (recommendation, position),
  UNIQUE (recommendation, unit)
) STRICT;
INSERT INTO "recommendation_units" VALUES(1,0,'MRF-BA','IOM Buenos Aires');
INSERT INTO "recommendation_units" VALUES(2,0,'MMS','MMS');
INSERT INTO "recommendation_units" VALUES(2,1,'MPRP','MPRP');
INSERT INTO "recommendation_units" VALUES(4,0,'MRF-DAKAR','MRF Dakar');
INSERT INTO "recommendation_units" VALUES(4,1,'MMS','MMS');
INSERT INTO "recommendation_units" VALUES(5,0,'MMS','MMS');
INSERT INTO "recommendation_units" VALUES(3,0,'MRF-DAKAR','MRF Dakar');
CREATE TABLE recommendations (
  id         INTEGER PRIMARY KEY,
  evaluation TEXT NOT NULL REFERENCES evaluations (code) ON DELETE CASCADE,
  number     INTEGER NOT NULL,
  text       TEXT NOT NULL,
  due        TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'), priority TEXT NOT NULL DEFAULT 'normal'
  CHECK (priority IN ('normal', 'high')),
  UNIQUE (evaluation, number)
) STRICT;
INSERT INTO "recommendations" VALUES(1,'PLACMI-2',1,'In view of the potential interest to continue financing the programme, IOM Buenos Aires should encourage the organization of a meeting of the four MRFs of the Americas in collaboration and with the support of the Migration Management Services Department at Headquarters. This meeting would provide a good opportunity to discuss a partial decentralization of technical assistance and the best strategy for using all the resources available. Parameters for collaboration between the four MRFs could also be established, especially in the framework of the regional processes. Finally, the extension of PLACMI through the TCMA approach could be discussed and agreed upon for the region as a whole. This would also avoid risks of duplication or incoherence in the assistance provided, with diverging views on migration management, and would also reinforce a sustainable capacity in the management of migration in the governments. A global but harmonized approach would certainly encourage donors to continue disbursing funds for such a successful activity.','2001-08-31','normal');
INSERT INTO "recommendations" VALUES(2,'PLACMI-2',2,'IOM Headquarters through the Migration Management Services Department and MPRP should consider PLACMI as a best-practice experience and study its mechanisms in more detail. This is especially true of its regional dimension, the dynamism and adaptability of the programme, as well as the quality of the technical assistance provided. They could also play a strong role in harmonizing the strategy and the content of migratory approaches in and between the different regions that benefit from IOM technical assistance, and from PLACMI in particular.','2001-08-31','normal');
INSERT INTO "recommendations" VALUES(3,'RRP-WA',1,'Set up the return office in Dakar, as edited before issue.','2004-12-15','normal');
INSERT INTO "recommendations" VALUES(4,'RRP-WA',2,'Agree a common case-management template with the national counterparts before the next caseload is accepted.','2005-01-31','normal');
INSERT INTO "recommendations" VALUES(5,'RRP-WA',3,'Commission an independent follow-up survey of returnees twelve months after return.','2005-03-31','normal');
CREATE TABLE report_actions_done (
  report   INTEGER NOT NULL REFERENCES progress_reports (id),
  position INTEGER NOT NULL,
  action   INTEGER NOT NULL REFERENCES key_actions (id),
  PRIMARY KEY (report, position)
) STRICT;
CREATE TABLE report_evidence (
  report     INTEGER NOT NULL REFERENCES progress_reports (id),
  position   INTEGER NOT NULL,
  sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  name       TEXT NOT NULL,
  media_type TEXT NOT NULL,
  PRIMARY KEY (report, position)
) STRICT;
CREATE TABLE responses (
  id             INTEGER PRIMARY KEY,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  unit           TEXT NOT NULL REFERENCES units (code),
  decision       TEXT NOT NULL CHECK (decision IN ('accepted', 'partially_accepted', 'not_accepted')),
  rationale      TEXT NOT NULL,
  responded      TEXT NOT NULL CHECK (responded GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL, recorded_at TEXT NOT NULL DEFAULT '', late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)), on_behalf INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1)),
  UNIQUE (recommendation, unit)
) STRICT;
CREATE TABLE revision_units (
  revision        INTEGER NOT NULL REFERENCES revisions (id),
  position        INTEGER NOT NULL,
  unit            TEXT NOT NULL REFERENCES units (code),
  name_as_written TEXT NOT NULL,
  PRIMARY KEY (revision, position)
) STRICT;
CREATE TABLE revisions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  on_date        TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  text           TEXT NOT NULL,
  priority       TEXT NOT NULL CHECK (priority IN ('normal', 'high')),
  reason         TEXT NOT NULL,
  by_user        TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  late           INTEGER NOT NULL CHECK (late IN (0, 1))
) STRICT;
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;
INSERT INTO "schema_version" VALUES(1,'0001_initial','2026-11-30T01:21:33Z');
INSERT INTO "schema_version" VALUES(2,'0002_closure_evidence','2026-11-30T01:21:33Z');
INSERT INTO "schema_version" VALUES(3,'0003_dated_facts','2026-11-30T01:21:33Z');
CREATE TABLE unit_aliases (
  unit     TEXT NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  alias    TEXT NOT NULL,
  PRIMARY KEY (unit, position)
) STRICT;
CREATE TABLE unit_emails (
  unit     TEXT NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  email    TEXT NOT NULL,
  PRIMARY KEY (unit, position)
) STRICT;
CREATE TABLE units (
  code       TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  parent     TEXT REFERENCES units (code),  -- NULL at the top
  head_title TEXT NOT NULL
) STRICT;
INSERT INTO "units" VALUES('MRF-BA','MRF Buenos Aires','',NULL,'Head of MRF Buenos Aires');
INSERT INTO "units" VALUES('MMS','MMS','',NULL,'Director, MMS');
INSERT INTO "units" VALUES('MPRP','MPRP','',NULL,'Director, MPRP');
INSERT INTO "units" VALUES('MRF-DAKAR','MRF Dakar','',NULL,'Head of MRF Dakar');
CREATE TABLE user_roles (
  user     TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  role     TEXT NOT NULL CHECK (role IN ('evaluation', 'executive', 'unit', 'viewer', 'admin')),
  PRIMARY KEY (user, position),
  UNIQUE (user, role)
) STRICT;
INSERT INTO "user_roles" VALUES('root',0,'admin');
INSERT INTO "user_roles" VALUES('eva',0,'evaluation');
CREATE TABLE user_units (
  user     TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  unit     TEXT NOT NULL REFERENCES units (code),
  PRIMARY KEY (user, position),
  UNIQUE (user, unit)
) STRICT;
CREATE TABLE users (
  name      TEXT PRIMARY KEY NOT NULL CHECK (name <> ''),
  full_name TEXT NOT NULL,
  email     TEXT NOT NULL
) STRICT;
INSERT INTO "users" VALUES('root','','');
INSERT INTO "users" VALUES('eva','','');
CREATE TABLE validations (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  rating         TEXT NOT NULL CHECK (rating IN ('not_started', 'in_progress', 'implemented', 'not_implemented',
                                                 'no_longer_applicable')),
  comment        TEXT NOT NULL,
  validated      TEXT NOT NULL CHECK (validated GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL
, recorded_at TEXT NOT NULL DEFAULT '', late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1))) STRICT;
CREATE INDEX recommendations_due ON recommendations (due);
CREATE INDEX recommendation_units_unit ON recommendation_units (unit);
CREATE INDEX key_actions_response ON key_actions (response);
CREATE INDEX progress_reports_recommendation ON progress_reports (recommendation);
CREATE INDEX validations_recommendation ON validations (recommendation);
CREATE INDEX history_entity ON history (entity);
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only: entries cannot be removed'); END;
CREATE TRIGGER progress_reports_no_update BEFORE UPDATE ON progress_reports
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: a report cannot be changed'); END;
CREATE TRIGGER progress_reports_no_delete BEFORE DELETE ON progress_reports
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: a report cannot be removed'); END;
CREATE TRIGGER report_evidence_no_update BEFORE UPDATE ON report_evidence
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: evidence cannot be changed'); END;
CREATE TRIGGER report_evidence_no_delete BEFORE DELETE ON report_evidence
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: evidence cannot be removed'); END;
CREATE TRIGGER report_actions_done_no_update BEFORE UPDATE ON report_actions_done
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: actions done cannot be changed'); END;
CREATE TRIGGER report_actions_done_no_delete BEFORE DELETE ON report_actions_done
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: actions done cannot be removed'); END;
CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs
BEGIN SELECT RAISE(ABORT, 'blobs are content-addressed: they cannot be changed'); END;
CREATE INDEX action_events_action ON action_events (action);
CREATE INDEX closings_recommendation ON closings (recommendation);
CREATE INDEX extensions_recommendation ON extensions (recommendation);
CREATE INDEX revisions_recommendation ON revisions (recommendation);
CREATE TRIGGER action_events_no_update BEFORE UPDATE ON action_events
BEGIN SELECT RAISE(ABORT, 'action events are append-only'); END;
CREATE TRIGGER action_events_no_delete BEFORE DELETE ON action_events
BEGIN SELECT RAISE(ABORT, 'action events are append-only'); END;
CREATE TRIGGER closings_no_update BEFORE UPDATE ON closings
BEGIN SELECT RAISE(ABORT, 'closings are append-only: reopen instead'); END;
CREATE TRIGGER closings_no_delete BEFORE DELETE ON closings
BEGIN SELECT RAISE(ABORT, 'closings are append-only: reopen instead'); END;
CREATE TRIGGER extensions_no_update BEFORE UPDATE ON extensions
BEGIN SELECT RAISE(ABORT, 'extensions are append-only: grant another'); END;
CREATE TRIGGER extensions_no_delete BEFORE DELETE ON extensions
BEGIN SELECT RAISE(ABORT, 'extensions are append-only: grant another'); END;
CREATE TRIGGER validations_no_update BEFORE UPDATE ON validations
BEGIN SELECT RAISE(ABORT, 'validations are append-only'); END;
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('action_events',0);
INSERT INTO "sqlite_sequence" VALUES('closings',0);
INSERT INTO "sqlite_sequence" VALUES('history',17);
COMMIT;
