BEGIN TRANSACTION;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
INSERT INTO "_sqlite_migrations" VALUES(1,'okrtui','0001_initial','2026-11-23 11:04:12.279952+00:00');
CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    owner_id INTEGER REFERENCES people(id),
    due TEXT,
    kr_id INTEGER REFERENCES key_results(id),
    team_id INTEGER REFERENCES teams(id),
    created_at TEXT NOT NULL,
    meeting_id INTEGER REFERENCES meetings(id),
    done_at TEXT,
    done_meeting_id INTEGER REFERENCES meetings(id)
);
INSERT INTO "actions" VALUES(1,1,'Move two people from onboarding calls to the ticket backlog for two weeks',6,'2026-11-04',21,4,'2026-10-26T10:45:00.000000Z',NULL,'2026-11-02T10:20:00.000000Z',NULL);
INSERT INTO "actions" VALUES(2,1,'Share the trial funnel broken down by acquisition channel',10,'2026-11-13',13,3,'2026-11-02T10:00:00.000000Z',NULL,NULL,NULL);
INSERT INTO "actions" VALUES(3,1,'Get a quote for dedicated CI runners',7,'2026-11-25',11,2,'2026-11-09T09:20:00.000000Z',NULL,NULL,NULL);
INSERT INTO "actions" VALUES(4,1,'Ask the CRM vendor for an escalation contact and a price for API access',11,'2026-11-24',19,3,'2026-11-09T10:00:00.000000Z',NULL,NULL,NULL);
INSERT INTO "actions" VALUES(5,1,'Send the mid-cycle review agenda and book the big room',2,'2026-11-23',NULL,1,'2026-11-16T08:50:00.000000Z',NULL,NULL,NULL);
CREATE TABLE attendance (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (meeting_id, person_id)
);
INSERT INTO "attendance" VALUES(1,4);
INSERT INTO "attendance" VALUES(1,7);
INSERT INTO "attendance" VALUES(1,8);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
INSERT INTO "audit" VALUES(1,'2026-11-18T09:30:00.000000Z','fixture','cycle',1,'lock','{"id":1,"slug":"2026-Q4","name":"Q4 2026","start":"2026-10-12","end":"2027-01-10","status":"active","locked":false}','{"id":1,"slug":"2026-Q4","name":"Q4 2026","start":"2026-10-12","end":"2027-01-10","status":"active","locked":true}','');
CREATE TABLE blockers (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    kr_id INTEGER REFERENCES key_results(id),
    team_id INTEGER REFERENCES teams(id),
    owner_id INTEGER REFERENCES people(id),
    raised_at TEXT NOT NULL,
    raised_by_id INTEGER REFERENCES people(id),
    raised_meeting_id INTEGER REFERENCES meetings(id),
    resolved_at TEXT,
    resolved_meeting_id INTEGER REFERENCES meetings(id),
    resolution TEXT NOT NULL DEFAULT ''
);
INSERT INTO "blockers" VALUES(1,1,'No production-like dataset to load-test the planner against',7,2,7,'2026-10-26T09:20:00.000000Z',8,NULL,'2026-10-29T15:05:00.000000Z',NULL,'Mateo restored an anonymised copy of last year''s peak week into staging.');
INSERT INTO "blockers" VALUES(2,1,'CI runners are shared with the data team; queue times spike every afternoon',11,2,4,'2026-10-26T09:25:00.000000Z',8,NULL,NULL,NULL,'');
INSERT INTO "blockers" VALUES(3,1,'Two support agents out until week 7; backlog grows faster than we close it',21,4,6,'2026-10-26T10:40:00.000000Z',13,NULL,NULL,NULL,'');
INSERT INTO "blockers" VALUES(4,1,'CRM vendor won''t grant API write access on our plan',19,3,11,'2026-11-02T09:55:00.000000Z',10,NULL,NULL,NULL,'');
INSERT INTO "blockers" VALUES(5,1,'Onboarding emails land in spam for Outlook-hosted domains',13,3,7,'2026-11-09T09:50:00.000000Z',9,NULL,NULL,NULL,'');
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    kr_id INTEGER NOT NULL REFERENCES key_results(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    value REAL,
    confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 10),
    note TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES people(id),
    meeting_id INTEGER REFERENCES meetings(id)
);
INSERT INTO "checkins" VALUES(1,1,'2026-10-12T08:30:00.000000Z',410.0,5,'Starting point from the last month-end close.',1,NULL);
INSERT INTO "checkins" VALUES(2,1,'2026-10-19T08:34:00.000000Z',418.0,5,'Two renewals moved to annual, small bump.',1,NULL);
INSERT INTO "checkins" VALUES(3,1,'2026-10-26T08:38:00.000000Z',426.0,6,'Hamburg group signed the second depot.',1,NULL);
INSERT INTO "checkins" VALUES(4,1,'2026-11-02T08:30:00.000000Z',431.0,5,'Slower week; trial conversion is the thing to watch.',1,NULL);
INSERT INTO "checkins" VALUES(5,1,'2026-11-09T08:34:00.000000Z',439.0,5,'Expansion is carrying us, new logos are behind.',1,NULL);
INSERT INTO "checkins" VALUES(6,1,'2026-11-16T08:38:00.000000Z',444.0,5,'On a straight line we land around 495. Need the trial fix.',1,NULL);
INSERT INTO "checkins" VALUES(7,2,'2026-10-12T08:30:00.000000Z',35.0,5,'Baseline.',5,NULL);
INSERT INTO "checkins" VALUES(8,2,'2026-10-19T08:34:00.000000Z',37.0,6,'Annual offer in the renewal emails works better than expected.',5,NULL);
INSERT INTO "checkins" VALUES(9,2,'2026-10-26T08:38:00.000000Z',39.0,6,'',5,NULL);
INSERT INTO "checkins" VALUES(10,2,'2026-11-02T08:30:00.000000Z',41.0,7,'Finance is happy, so am I.',5,NULL);
INSERT INTO "checkins" VALUES(11,2,'2026-11-09T08:34:00.000000Z',42.0,7,'Three more renewals went annual.',5,NULL);
INSERT INTO "checkins" VALUES(12,2,'2026-11-16T08:38:00.000000Z',44.0,7,'Ahead of pace.',5,NULL);
INSERT INTO "checkins" VALUES(13,3,'2026-10-12T08:30:00.000000Z',31.0,5,'Last survey wave, 212 responses.',6,NULL);
INSERT INTO "checkins" VALUES(14,3,'2026-10-19T08:34:00.000000Z',31.0,5,'No new wave yet.',6,NULL);
INSERT INTO "checkins" VALUES(15,3,'2026-10-26T08:38:00.000000Z',33.0,5,'Pulse survey after the importer fix.',6,NULL);
INSERT INTO "checkins" VALUES(16,3,'2026-11-02T08:30:00.000000Z',32.0,5,'Detractors all mention slow Monday planning.',6,NULL);
INSERT INTO "checkins" VALUES(17,3,'2026-11-09T08:34:00.000000Z',34.0,5,'',6,NULL);
INSERT INTO "checkins" VALUES(18,3,'2026-11-16T08:38:00.000000Z',35.0,6,'Latency work is showing up in the comments.',6,NULL);
INSERT INTO "checkins" VALUES(19,4,'2026-10-12T08:30:00.000000Z',99.5,5,'Measured 06:00–10:00 local on Mondays.',4,NULL);
INSERT INTO "checkins" VALUES(20,4,'2026-10-19T08:34:00.000000Z',99.62,5,'',4,NULL);
INSERT INTO "checkins" VALUES(21,4,'2026-10-26T08:38:00.000000Z',99.71,6,'No incidents this Monday.',4,NULL);
INSERT INTO "checkins" VALUES(22,4,'2026-11-02T08:30:00.000000Z',99.68,5,'Short queue outage, 4 minutes.',4,NULL);
INSERT INTO "checkins" VALUES(23,4,'2026-11-09T08:34:00.000000Z',99.8,6,'',4,NULL);
INSERT INTO "checkins" VALUES(24,4,'2026-11-16T08:38:00.000000Z',99.84,6,'Steady. Queue migration removed the last single point of failure.',4,NULL);
INSERT INTO "checkins" VALUES(25,5,'2026-10-12T08:30:00.000000Z',0.0,5,'Draft for engineering exists, others not started.',3,NULL);
INSERT INTO "checkins" VALUES(26,5,'2026-10-19T08:34:00.000000Z',0.0,6,'Support and sales levels drafted with the leads.',3,NULL);
INSERT INTO "checkins" VALUES(27,5,'2026-10-26T08:38:00.000000Z',0.0,6,'40 comments on the draft, good sign.',3,NULL);
INSERT INTO "checkins" VALUES(28,5,'2026-11-02T08:30:00.000000Z',0.0,7,'Calibration session booked with all managers.',3,NULL);
INSERT INTO "checkins" VALUES(29,5,'2026-11-09T08:34:00.000000Z',0.0,7,'',3,NULL);
INSERT INTO "checkins" VALUES(30,5,'2026-11-16T08:38:00.000000Z',0.0,7,'Final review with Amara next week, then publish.',3,NULL);
INSERT INTO "checkins" VALUES(31,6,'2026-10-12T08:30:00.000000Z',18.0,5,'Last full survey.',3,NULL);
INSERT INTO "checkins" VALUES(32,6,'2026-10-19T08:34:00.000000Z',18.0,5,'Next pulse in week 4.',3,NULL);
INSERT INTO "checkins" VALUES(33,6,'2026-10-26T08:38:00.000000Z',18.0,5,'',3,NULL);
INSERT INTO "checkins" VALUES(34,6,'2026-11-02T08:30:00.000000Z',23.0,6,'Pulse up 5. Comments mention clearer priorities since kickoff.',3,NULL);
INSERT INTO "checkins" VALUES(35,6,'2026-11-09T08:34:00.000000Z',23.0,6,'',3,NULL);
INSERT INTO "checkins" VALUES(36,6,'2026-11-16T08:38:00.000000Z',23.0,6,'No new data until the week 8 pulse.',3,NULL);
INSERT INTO "checkins" VALUES(37,7,'2026-10-12T09:00:00.000000Z',1800.0,5,'Baseline from the last four Mondays.',8,NULL);
INSERT INTO "checkins" VALUES(38,7,'2026-10-19T09:04:00.000000Z',1790.0,4,'Can''t reproduce the Monday load in staging, we''re guessing.',8,NULL);
INSERT INTO "checkins" VALUES(39,7,'2026-10-26T09:08:00.000000Z',1760.0,3,'Still no realistic data to test against. Blocked, raised it.',8,NULL);
INSERT INTO "checkins" VALUES(40,7,'2026-11-02T09:00:00.000000Z',1400.0,4,'Mateo got us the anonymised peak dataset. First real profile points at the distance-matrix cache.',8,NULL);
INSERT INTO "checkins" VALUES(41,7,'2026-11-09T09:04:00.000000Z',1050.0,6,'Cache fix shipped behind a flag, p95 down by a third.',8,NULL);
INSERT INTO "checkins" VALUES(42,7,'2026-11-16T09:08:00.000000Z',880.0,7,'Flag on for everyone. Next: parallel solver for large depots.',8,NULL);
INSERT INTO "checkins" VALUES(43,8,'2026-10-12T09:00:00.000000Z',0.0,5,'EU-West first, then EU-Central.',7,NULL);
INSERT INTO "checkins" VALUES(44,8,'2026-10-19T09:04:00.000000Z',0.0,6,'EU-West cut over, no complaints.',7,NULL);
INSERT INTO "checkins" VALUES(45,8,'2026-10-26T09:08:00.000000Z',0.0,7,'EU-Central cut over on Saturday night.',7,NULL);
INSERT INTO "checkins" VALUES(46,8,'2026-11-02T09:00:00.000000Z',0.0,8,'Nordics left, rehearsal went fine.',7,NULL);
INSERT INTO "checkins" VALUES(47,8,'2026-11-09T09:04:00.000000Z',1.0,10,'Done. All regions on the new queue, old workers switched off.',7,NULL);
INSERT INTO "checkins" VALUES(48,8,'2026-11-16T09:08:00.000000Z',1.0,10,'',7,NULL);
INSERT INTO "checkins" VALUES(49,9,'2026-10-12T09:00:00.000000Z',4.0,5,'Four last month, three of them the queue.',4,NULL);
INSERT INTO "checkins" VALUES(50,9,'2026-10-19T09:04:00.000000Z',3.0,5,'',4,NULL);
INSERT INTO "checkins" VALUES(51,9,'2026-10-26T09:08:00.000000Z',3.0,6,'Quiet two weeks.',4,NULL);
INSERT INTO "checkins" VALUES(52,9,'2026-11-02T09:00:00.000000Z',3.0,5,'One sev-1 on the Monday queue hiccup.',4,NULL);
INSERT INTO "checkins" VALUES(53,9,'2026-11-09T09:04:00.000000Z',2.0,6,'',4,NULL);
INSERT INTO "checkins" VALUES(54,9,'2026-11-16T09:08:00.000000Z',2.0,6,'New queue should take the worst class of incident off the table.',4,NULL);
INSERT INTO "checkins" VALUES(55,10,'2026-10-12T09:00:00.000000Z',40.0,5,'Audit of the pager rules.',7,NULL);
INSERT INTO "checkins" VALUES(56,10,'2026-10-19T09:04:00.000000Z',52.0,6,'Wrote runbooks for the top ten noisy alerts.',7,NULL);
INSERT INTO "checkins" VALUES(57,10,'2026-10-26T09:08:00.000000Z',61.0,6,'',7,NULL);
INSERT INTO "checkins" VALUES(58,10,'2026-11-02T09:00:00.000000Z',70.0,7,'Aisha took the database alerts.',7,NULL);
INSERT INTO "checkins" VALUES(59,10,'2026-11-09T09:04:00.000000Z',78.0,7,'',7,NULL);
INSERT INTO "checkins" VALUES(60,10,'2026-11-16T09:08:00.000000Z',83.0,7,'The long tail is slower, but we deleted twelve useless alerts.',7,NULL);
INSERT INTO "checkins" VALUES(61,11,'2026-10-12T09:00:00.000000Z',24.0,5,'Baseline.',8,NULL);
INSERT INTO "checkins" VALUES(62,11,'2026-10-19T09:04:00.000000Z',22.0,5,'Test sharding on the API suite.',8,NULL);
INSERT INTO "checkins" VALUES(63,11,'2026-10-26T09:08:00.000000Z',21.0,4,'We share runners with the data team, queue time eats the gains.',8,NULL);
INSERT INTO "checkins" VALUES(64,12,'2026-10-12T09:00:00.000000Z',6.0,5,'',7,NULL);
INSERT INTO "checkins" VALUES(65,12,'2026-10-19T09:04:00.000000Z',8.0,5,'',7,NULL);
INSERT INTO "checkins" VALUES(66,12,'2026-10-26T09:08:00.000000Z',9.0,5,'Friday deploy freeze is still in place.',7,NULL);
INSERT INTO "checkins" VALUES(67,12,'2026-11-02T09:00:00.000000Z',11.0,6,'Freeze lifted for low-risk changes.',7,NULL);
INSERT INTO "checkins" VALUES(68,12,'2026-11-09T09:04:00.000000Z',12.0,6,'',7,NULL);
INSERT INTO "checkins" VALUES(69,12,'2026-11-16T09:08:00.000000Z',14.0,6,'Feature flags make small deploys the default.',7,NULL);
INSERT INTO "checkins" VALUES(70,13,'2026-10-12T09:40:00.000000Z',11.0,5,'Rolling 30 days.',9,NULL);
INSERT INTO "checkins" VALUES(71,13,'2026-10-19T09:44:00.000000Z',11.4,6,'New pricing page live, early numbers look good.',9,NULL);
INSERT INTO "checkins" VALUES(72,13,'2026-10-26T09:48:00.000000Z',11.6,6,'Holding up.',9,NULL);
INSERT INTO "checkins" VALUES(73,13,'2026-11-02T09:40:00.000000Z',11.5,5,'Pricing page effect has flattened. Activation is the real problem.',9,NULL);
INSERT INTO "checkins" VALUES(74,13,'2026-11-09T09:44:00.000000Z',11.2,4,'Found that onboarding emails land in spam for Outlook-hosted domains. That''s a third of our trials.',9,NULL);
INSERT INTO "checkins" VALUES(75,13,'2026-11-16T09:48:00.000000Z',11.1,3,'Still in spam. Even if we fix it this week I doubt we make 16.',9,NULL);
INSERT INTO "checkins" VALUES(76,14,'2026-10-12T09:40:00.000000Z',0.0,5,'Design agreed.',10,NULL);
INSERT INTO "checkins" VALUES(77,14,'2026-10-19T09:44:00.000000Z',0.0,5,'',10,NULL);
INSERT INTO "checkins" VALUES(78,14,'2026-10-26T09:48:00.000000Z',0.0,6,'Checklist built, in review.',10,NULL);
INSERT INTO "checkins" VALUES(79,14,'2026-11-02T09:40:00.000000Z',0.0,6,'Rolled out to 20% of new trials.',10,NULL);
INSERT INTO "checkins" VALUES(80,14,'2026-11-09T09:44:00.000000Z',0.0,5,'Waiting on the email fix before going to 100%.',10,NULL);
INSERT INTO "checkins" VALUES(81,14,'2026-11-16T09:48:00.000000Z',0.0,5,'',10,NULL);
INSERT INTO "checkins" VALUES(82,15,'2026-10-12T09:40:00.000000Z',12.0,5,'',5,NULL);
INSERT INTO "checkins" VALUES(83,15,'2026-10-19T09:44:00.000000Z',14.0,5,'Webinar follow-ups.',5,NULL);
INSERT INTO "checkins" VALUES(84,15,'2026-10-26T09:48:00.000000Z',17.0,6,'',5,NULL);
INSERT INTO "checkins" VALUES(85,15,'2026-11-02T09:40:00.000000Z',16.0,6,'',5,NULL);
INSERT INTO "checkins" VALUES(86,15,'2026-11-09T09:44:00.000000Z',19.0,6,'Trade fair leads are coming in.',5,NULL);
INSERT INTO "checkins" VALUES(87,15,'2026-11-16T09:48:00.000000Z',20.0,7,'',5,NULL);
INSERT INTO "checkins" VALUES(88,16,'2026-10-12T09:40:00.000000Z',0.0,5,'Counting from kickoff.',9,NULL);
INSERT INTO "checkins" VALUES(89,16,'2026-10-19T09:44:00.000000Z',3.0,5,'',9,NULL);
INSERT INTO "checkins" VALUES(90,16,'2026-10-26T09:48:00.000000Z',6.5,6,'Two upsells to the fleet module.',9,NULL);
INSERT INTO "checkins" VALUES(91,16,'2026-11-02T09:40:00.000000Z',9.0,6,'',9,NULL);
INSERT INTO "checkins" VALUES(92,16,'2026-11-09T09:44:00.000000Z',14.0,7,'Hamburg wholesaler group added three depots.',9,NULL);
INSERT INTO "checkins" VALUES(93,16,'2026-11-16T09:48:00.000000Z',18.0,7,'Pipeline for the second half looks real.',9,NULL);
INSERT INTO "checkins" VALUES(94,17,'2026-10-12T09:40:00.000000Z',18.0,5,'Baseline.',10,NULL);
INSERT INTO "checkins" VALUES(95,17,'2026-10-19T09:44:00.000000Z',19.0,6,'In-app cross-sell banner is live.',10,NULL);
INSERT INTO "checkins" VALUES(96,17,'2026-10-26T09:48:00.000000Z',19.5,5,'Banner click-through is fine, trials of the second module don''t convert.',10,NULL);
INSERT INTO "checkins" VALUES(97,17,'2026-11-02T09:40:00.000000Z',19.0,4,'Two accounts dropped the fleet module at renewal.',10,NULL);
INSERT INTO "checkins" VALUES(98,17,'2026-11-09T09:44:00.000000Z',19.0,4,'Need a sales-assisted motion, self-serve isn''t enough here.',10,NULL);
INSERT INTO "checkins" VALUES(99,17,'2026-11-16T09:48:00.000000Z',19.5,3,'Honestly, 30% was too ambitious for one quarter without a bundle price.',10,NULL);
INSERT INTO "checkins" VALUES(100,18,'2026-10-12T09:40:00.000000Z',2.4,5,'Last month''s churn.',11,NULL);
INSERT INTO "checkins" VALUES(101,18,'2026-10-19T09:44:00.000000Z',2.3,5,'',11,NULL);
INSERT INTO "checkins" VALUES(102,18,'2026-10-26T09:48:00.000000Z',2.3,6,'Save calls for every cancellation request.',11,NULL);
INSERT INTO "checkins" VALUES(103,18,'2026-11-02T09:40:00.000000Z',2.2,6,'',11,NULL);
INSERT INTO "checkins" VALUES(104,18,'2026-11-09T09:44:00.000000Z',2.0,6,'Save calls work: 4 of 9 kept.',11,NULL);
INSERT INTO "checkins" VALUES(105,18,'2026-11-16T09:48:00.000000Z',1.9,7,'',11,NULL);
INSERT INTO "checkins" VALUES(106,19,'2026-10-12T09:40:00.000000Z',0.0,5,'Model prototype in a notebook.',10,NULL);
INSERT INTO "checkins" VALUES(107,19,'2026-10-19T09:44:00.000000Z',0.0,5,'',10,NULL);
INSERT INTO "checkins" VALUES(108,19,'2026-10-26T09:48:00.000000Z',0.0,6,'Model validated on last year''s churners.',10,NULL);
INSERT INTO "checkins" VALUES(109,19,'2026-11-02T09:40:00.000000Z',0.0,4,'The CRM vendor won''t give us API write access on our plan.',10,NULL);
INSERT INTO "checkins" VALUES(110,19,'2026-11-09T09:44:00.000000Z',0.0,4,'Still waiting on the vendor.',10,NULL);
INSERT INTO "checkins" VALUES(111,19,'2026-11-16T09:48:00.000000Z',0.0,5,'Workaround: nightly CSV import. Ugly but it could work.',10,NULL);
INSERT INTO "checkins" VALUES(112,20,'2026-10-12T10:15:00.000000Z',95.0,5,'Baseline, business hours.',12,NULL);
INSERT INTO "checkins" VALUES(113,20,'2026-10-19T10:19:00.000000Z',88.0,5,'Triage rota started.',12,NULL);
INSERT INTO "checkins" VALUES(114,20,'2026-10-26T10:23:00.000000Z',80.0,6,'',12,NULL);
INSERT INTO "checkins" VALUES(115,20,'2026-11-02T10:15:00.000000Z',71.0,6,'Macros for the top ten questions.',12,NULL);
INSERT INTO "checkins" VALUES(116,20,'2026-11-09T10:19:00.000000Z',58.0,6,'Under an hour for the first time.',12,NULL);
INSERT INTO "checkins" VALUES(117,20,'2026-11-16T10:23:00.000000Z',55.0,6,'Good, but the backlog is eating our time.',12,NULL);
INSERT INTO "checkins" VALUES(118,21,'2026-10-12T10:15:00.000000Z',140.0,5,'Backlog count on Monday morning.',13,NULL);
INSERT INTO "checkins" VALUES(119,21,'2026-10-19T10:19:00.000000Z',131.0,6,'Backlog Friday helped.',13,NULL);
INSERT INTO "checkins" VALUES(120,21,'2026-10-26T10:23:00.000000Z',150.0,5,'Two agents out sick and the seasonal rush started.',13,NULL);
INSERT INTO "checkins" VALUES(121,21,'2026-11-02T10:15:00.000000Z',171.0,4,'Volume up 30% on last month. We close less than comes in.',13,NULL);
INSERT INTO "checkins" VALUES(122,21,'2026-11-09T10:19:00.000000Z',188.0,3,'Borrowed two people from onboarding calls, not enough yet.',13,NULL);
INSERT INTO "checkins" VALUES(123,21,'2026-11-16T10:23:00.000000Z',196.0,3,'Slower growth, but still growing. Need the help-centre work to land.',13,NULL);
INSERT INTO "checkins" VALUES(124,22,'2026-10-12T10:15:00.000000Z',12.0,5,'',13,NULL);
INSERT INTO "checkins" VALUES(125,22,'2026-10-19T10:19:00.000000Z',13.0,5,'Rewrote the ten most-viewed articles.',13,NULL);
INSERT INTO "checkins" VALUES(126,22,'2026-10-26T10:23:00.000000Z',15.0,6,'',13,NULL);
INSERT INTO "checkins" VALUES(127,22,'2026-11-02T10:15:00.000000Z',15.0,5,'No time for articles this week, backlog first.',13,NULL);
INSERT INTO "checkins" VALUES(128,22,'2026-11-09T10:19:00.000000Z',16.0,5,'',13,NULL);
INSERT INTO "checkins" VALUES(129,22,'2026-11-16T10:23:00.000000Z',17.0,5,'Search analytics show people look for ''import errors''.',13,NULL);
INSERT INTO "checkins" VALUES(130,23,'2026-10-12T10:15:00.000000Z',0.0,5,'Scoped with Platform.',12,NULL);
INSERT INTO "checkins" VALUES(131,23,'2026-10-19T10:19:00.000000Z',0.0,5,'',12,NULL);
INSERT INTO "checkins" VALUES(132,23,'2026-10-26T10:23:00.000000Z',0.0,6,'Copy written, design done.',12,NULL);
INSERT INTO "checkins" VALUES(133,23,'2026-11-02T10:15:00.000000Z',0.0,6,'Waiting for a Platform slot.',12,NULL);
INSERT INTO "checkins" VALUES(134,23,'2026-11-09T10:19:00.000000Z',0.0,6,'Slot booked for week 7.',12,NULL);
INSERT INTO "checkins" VALUES(135,23,'2026-11-16T10:23:00.000000Z',0.0,6,'',12,NULL);
INSERT INTO "checkins" VALUES(136,24,'2026-10-12T10:15:00.000000Z',4.0,5,'',13,NULL);
INSERT INTO "checkins" VALUES(137,24,'2026-10-19T10:19:00.000000Z',6.0,6,'Interview notes now go into the product channel.',13,NULL);
INSERT INTO "checkins" VALUES(138,24,'2026-10-26T10:23:00.000000Z',7.0,6,'',13,NULL);
INSERT INTO "checkins" VALUES(139,24,'2026-11-02T10:15:00.000000Z',7.0,5,'Backlog again.',13,NULL);
INSERT INTO "checkins" VALUES(140,24,'2026-11-09T10:19:00.000000Z',8.0,5,'',13,NULL);
INSERT INTO "checkins" VALUES(141,24,'2026-11-16T10:23:00.000000Z',9.0,6,'Jonas joined two calls, good pairing.',13,NULL);
INSERT INTO "checkins" VALUES(142,25,'2026-10-12T10:15:00.000000Z',20.0,5,'',6,NULL);
INSERT INTO "checkins" VALUES(143,25,'2026-10-19T10:19:00.000000Z',35.0,6,'Template field added to the tracker.',6,NULL);
INSERT INTO "checkins" VALUES(144,25,'2026-10-26T10:23:00.000000Z',48.0,7,'',6,NULL);
INSERT INTO "checkins" VALUES(145,25,'2026-11-02T10:15:00.000000Z',55.0,7,'',6,NULL);
INSERT INTO "checkins" VALUES(146,25,'2026-11-09T10:19:00.000000Z',62.0,7,'Product leads ask for quotes now. That''s the real win.',6,NULL);
INSERT INTO "checkins" VALUES(147,25,'2026-11-16T10:23:00.000000Z',66.0,8,'',6,NULL);
INSERT INTO "checkins" VALUES(148,7,'2026-11-18T09:33:20.000000Z',880.0,3,'',8,1);
INSERT INTO "checkins" VALUES(149,8,'2026-11-18T09:33:40.000000Z',1.0,8,'',8,1);
CREATE TABLE cycles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planning', 'active', 'closed')),
    locked INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "cycles" VALUES(1,'2026-Q4','Q4 2026','2026-10-12','2027-01-10','active',1);
CREATE TABLE grades (
    id INTEGER PRIMARY KEY,
    kr_id INTEGER NOT NULL REFERENCES key_results(id) ON DELETE CASCADE,
    score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    note TEXT NOT NULL DEFAULT '',
    ungraded_reason TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    author_id INTEGER REFERENCES people(id),
    meeting_id INTEGER REFERENCES meetings(id)
);
CREATE TABLE key_results (
    id INTEGER PRIMARY KEY,
    objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    ref TEXT NOT NULL,
    title TEXT NOT NULL,
    owner_id INTEGER REFERENCES people(id),
    kind TEXT NOT NULL CHECK (kind IN ('metric', 'milestone')),
    start REAL,
    target REAL,
    unit TEXT NOT NULL DEFAULT '',
    direction TEXT,
    UNIQUE (cycle_id, ref)
);
INSERT INTO "key_results" VALUES(1,1,1,1,'NW-1.1','Monthly recurring revenue',1,'metric',410.0,520.0,'€k MRR','increasing');
INSERT INTO "key_results" VALUES(2,1,1,2,'NW-1.2','Customers on annual contracts',5,'metric',35.0,50.0,'%','increasing');
INSERT INTO "key_results" VALUES(3,2,1,1,'NW-2.1','Net Promoter Score',6,'metric',31.0,45.0,'NPS','increasing');
INSERT INTO "key_results" VALUES(4,2,1,2,'NW-2.2','Monday-morning availability',4,'metric',99.5,99.95,'%','increasing');
INSERT INTO "key_results" VALUES(5,3,1,1,'NW-3.1','Career framework published for every role',3,'milestone',NULL,NULL,'',NULL);
INSERT INTO "key_results" VALUES(6,3,1,2,'NW-3.2','Employee NPS',3,'metric',18.0,30.0,'eNPS','increasing');
INSERT INTO "key_results" VALUES(7,4,1,1,'PLAT-1.1','p95 route-plan latency',8,'metric',1800.0,600.0,'ms','decreasing');
INSERT INTO "key_results" VALUES(8,4,1,2,'PLAT-1.2','Planner runs on the new job queue in all regions',7,'milestone',NULL,NULL,'',NULL);
INSERT INTO "key_results" VALUES(9,5,1,1,'PLAT-2.1','Sev-1 incidents per month',4,'metric',4.0,1.0,'incidents','decreasing');
INSERT INTO "key_results" VALUES(10,5,1,2,'PLAT-2.2','Alerts with a runbook link',7,'metric',40.0,95.0,'%','increasing');
INSERT INTO "key_results" VALUES(11,6,1,1,'PLAT-3.1','Median CI pipeline time',8,'metric',24.0,8.0,'min','decreasing');
INSERT INTO "key_results" VALUES(12,6,1,2,'PLAT-3.2','Deploys per week',7,'metric',6.0,20.0,'deploys','increasing');
INSERT INTO "key_results" VALUES(13,7,1,1,'GROW-1.1','Trial-to-paid conversion',9,'metric',11.0,16.0,'%','increasing');
INSERT INTO "key_results" VALUES(14,7,1,2,'GROW-1.2','Self-serve onboarding checklist live for all new trials',10,'milestone',NULL,NULL,'',NULL);
INSERT INTO "key_results" VALUES(15,7,1,3,'GROW-1.3','Demos booked per week',5,'metric',12.0,25.0,'demos','increasing');
INSERT INTO "key_results" VALUES(16,8,1,1,'GROW-2.1','Expansion MRR',9,'metric',0.0,40.0,'€k MRR','increasing');
INSERT INTO "key_results" VALUES(17,8,1,2,'GROW-2.2','Accounts using two or more modules',10,'metric',18.0,30.0,'%','increasing');
INSERT INTO "key_results" VALUES(18,9,1,1,'GROW-3.1','Monthly revenue churn',11,'metric',2.4,1.6,'%','decreasing');
INSERT INTO "key_results" VALUES(19,9,1,2,'GROW-3.2','Churn-risk score in the CRM for every account',10,'milestone',NULL,NULL,'',NULL);
INSERT INTO "key_results" VALUES(20,10,1,1,'CX-1.1','Median first response time',12,'metric',95.0,30.0,'min','decreasing');
INSERT INTO "key_results" VALUES(21,10,1,2,'CX-1.2','Support tickets older than 7 days',13,'metric',140.0,40.0,'tickets','decreasing');
INSERT INTO "key_results" VALUES(22,11,1,1,'CX-2.1','Help-centre deflection rate',13,'metric',12.0,30.0,'%','increasing');
INSERT INTO "key_results" VALUES(23,11,1,2,'CX-2.2','In-app guided setup for the route importer',12,'milestone',NULL,NULL,'',NULL);
INSERT INTO "key_results" VALUES(24,12,1,1,'CX-3.1','Customer interviews shared with product per month',13,'metric',4.0,12.0,'interviews','increasing');
INSERT INTO "key_results" VALUES(25,12,1,2,'CX-3.2','Product tickets with a linked customer quote',6,'metric',20.0,80.0,'%','increasing');
CREATE TABLE meeting_steps (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    prompt TEXT NOT NULL DEFAULT '',
    planned_minutes REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'current', 'done', 'skipped')),
    elapsed_seconds REAL NOT NULL DEFAULT 0,
    entered_at TEXT,
    notes TEXT NOT NULL DEFAULT '',
    options TEXT NOT NULL DEFAULT '{}',
    UNIQUE (meeting_id, position)
);
INSERT INTO "meeting_steps" VALUES(1,1,0,'wins','Wins since last week','Start with what went right. Name the person and the effect: who moved which KR, or unblocked whom? Small wins count.',5.0,'done',180.0,NULL,'','{"scope": "team"}');
INSERT INTO "meeting_steps" VALUES(2,1,1,'krs','KR round','Riskiest first. Owners: one line each — the number, your confidence out of 10, and what changed it. No change? Say so and move on. Anything that needs a discussion becomes a blocker or an action, not a debate here.',15.0,'current',0.0,'2026-11-18T09:33:00.000000Z','','{"only_stale": false, "scope": "team"}');
INSERT INTO "meeting_steps" VALUES(3,1,2,'blockers','Blockers','Open blockers first: resolved, or still in the way? Then new ones: what is stuck, who can unblock it, and by when. A blocker without an owner has not been raised.',5.0,'pending',0.0,NULL,'','{"scope": "team"}');
INSERT INTO "meeting_steps" VALUES(4,1,3,'actions','Actions','Last week''s actions: done, or keep? New ones need an owner and a due date. If nobody will own it, drop it.',4.0,'pending',0.0,NULL,'','{"scope": "team"}');
INSERT INTO "meeting_steps" VALUES(5,1,4,'notes','Closing notes','One sentence each: the one thing you will do this week to move your KR. Anything the people who missed today need to know?',1.0,'pending',0.0,NULL,'','{}');
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES teams(id),
    agenda_slug TEXT NOT NULL,
    title TEXT NOT NULL,
    agenda_snapshot TEXT NOT NULL,
    facilitator_id INTEGER REFERENCES people(id),
    status TEXT NOT NULL CHECK (status IN ('running', 'ended')),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    current_step INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "meetings" VALUES(1,1,2,'weekly-checkin','Weekly check-in','slug = "weekly-checkin"
title = "Weekly check-in"
kind = "weekly"
minutes = 30
description = "The team''s 30-minute weekly rhythm: celebrate, check every KR, clear blockers, commit."

[[steps]]
kind = "wins"
title = "Wins since last week"
minutes = 5
prompt = "Start with what went right. Name the person and the effect: who moved which KR, or unblocked whom? Small wins count."
scope = "team"

[[steps]]
kind = "krs"
title = "KR round"
minutes = 15
prompt = "Riskiest first. Owners: one line each — the number, your confidence out of 10, and what changed it. No change? Say so and move on. Anything that needs a discussion becomes a blocker or an action, not a debate here."
scope = "team"
only_stale = false

[[steps]]
kind = "blockers"
title = "Blockers"
minutes = 5
prompt = "Open blockers first: resolved, or still in the way? Then new ones: what is stuck, who can unblock it, and by when. A blocker without an owner has not been raised."
scope = "team"

[[steps]]
kind = "actions"
title = "Actions"
minutes = 4
prompt = "Last week''s actions: done, or keep? New ones need an owner and a due date. If nobody will own it, drop it."
scope = "team"

[[steps]]
kind = "notes"
title = "Closing notes"
minutes = 1
prompt = "One sentence each: the one thing you will do this week to move your KR. Anything the people who missed today need to know?"
',8,'running','2026-11-18T09:30:00.000000Z',NULL,1);
CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    on_date TEXT NOT NULL,
    held_on TEXT
);
INSERT INTO "milestones" VALUES(1,1,'kickoff','Kickoff','2026-10-12','2026-10-12');
INSERT INTO "milestones" VALUES(2,1,'drafting-deadline','Team drafts due','2026-10-16','2026-10-16');
INSERT INTO "milestones" VALUES(3,1,'alignment','Alignment session','2026-10-21','2026-10-22');
INSERT INTO "milestones" VALUES(4,1,'mid-cycle-review','Mid-cycle review','2026-11-26',NULL);
INSERT INTO "milestones" VALUES(5,1,'grading-deadline','Grades due','2027-01-06',NULL);
INSERT INTO "milestones" VALUES(6,1,'town-hall','Town hall: results and lessons','2027-01-08',NULL);
CREATE TABLE objectives (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    number INTEGER NOT NULL,
    ref TEXT NOT NULL,
    title TEXT NOT NULL,
    owner_id INTEGER REFERENCES people(id),
    kind TEXT NOT NULL CHECK (kind IN ('committed', 'aspirational')),
    parent_id INTEGER REFERENCES objectives(id),
    description TEXT NOT NULL DEFAULT '',
    UNIQUE (cycle_id, ref)
);
INSERT INTO "objectives" VALUES(1,1,1,1,'NW-1','Grow recurring revenue without buying it',1,'committed',NULL,'Growth that pays for itself: no discount-led deals to hit the number.');
INSERT INTO "objectives" VALUES(2,1,1,2,'NW-2','Be the tool dispatchers trust on their busiest morning',6,'aspirational',NULL,'');
INSERT INTO "objectives" VALUES(3,1,1,3,'NW-3','Make Northwind a place where people grow',3,'committed',NULL,'');
INSERT INTO "objectives" VALUES(4,1,2,1,'PLAT-1','Route planning is fast, even on Monday mornings',4,'committed',2,'Dispatchers plan the week on Monday at 07:00; that is when we have to be fast.');
INSERT INTO "objectives" VALUES(5,1,2,2,'PLAT-2','Peak days customers can plan around',4,'committed',2,'');
INSERT INTO "objectives" VALUES(6,1,2,3,'PLAT-3','Engineers ship without waiting on each other',4,'aspirational',NULL,'');
INSERT INTO "objectives" VALUES(7,1,3,1,'GROW-1','Turn trials into paying customers',5,'committed',1,'');
INSERT INTO "objectives" VALUES(8,1,3,2,'GROW-2','Grow within the accounts we already have',5,'aspirational',1,'');
INSERT INTO "objectives" VALUES(9,1,3,3,'GROW-3','Stop losing customers we should keep',11,'committed',1,'');
INSERT INTO "objectives" VALUES(10,1,4,1,'CX-1','Answer customers while they are still on the loading dock',6,'committed',2,'');
INSERT INTO "objectives" VALUES(11,1,4,2,'CX-2','Customers fix the common problems themselves',13,'aspirational',NULL,'');
INSERT INTO "objectives" VALUES(12,1,4,3,'CX-3','Hear the customer in every product decision',6,'committed',2,'');
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL
);
INSERT INTO "people" VALUES(1,'amara','Amara Okafor');
INSERT INTO "people" VALUES(2,'jonas','Jonas Becker');
INSERT INTO "people" VALUES(3,'hannah','Hannah Schmidt');
INSERT INTO "people" VALUES(4,'li','Li Wei');
INSERT INTO "people" VALUES(5,'sofia','Sofía Márquez');
INSERT INTO "people" VALUES(6,'tomasz','Tomasz Nowak');
INSERT INTO "people" VALUES(7,'mateo','Mateo Rossi');
INSERT INTO "people" VALUES(8,'aisha','Aisha Khan');
INSERT INTO "people" VALUES(9,'ben','Ben Carter');
INSERT INTO "people" VALUES(10,'elif','Elif Yılmaz');
INSERT INTO "people" VALUES(11,'priya','Priya Raman');
INSERT INTO "people" VALUES(12,'noah','Noah Fischer');
INSERT INTO "people" VALUES(13,'greta','Greta Lindqvist');
CREATE TABLE person_roles (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
);
INSERT INTO "person_roles" VALUES(1,'executive-sponsor');
INSERT INTO "person_roles" VALUES(1,'team-manager');
INSERT INTO "person_roles" VALUES(2,'okr-champion');
INSERT INTO "person_roles" VALUES(3,'okr-coach');
INSERT INTO "person_roles" VALUES(3,'hr-leader');
INSERT INTO "person_roles" VALUES(4,'team-manager');
INSERT INTO "person_roles" VALUES(5,'team-manager');
INSERT INTO "person_roles" VALUES(6,'team-manager');
INSERT INTO "person_roles" VALUES(7,'individual-contributor');
INSERT INTO "person_roles" VALUES(7,'admin-it');
INSERT INTO "person_roles" VALUES(8,'individual-contributor');
INSERT INTO "person_roles" VALUES(9,'individual-contributor');
INSERT INTO "person_roles" VALUES(10,'individual-contributor');
INSERT INTO "person_roles" VALUES(11,'okr-coach');
INSERT INTO "person_roles" VALUES(11,'individual-contributor');
INSERT INTO "person_roles" VALUES(12,'individual-contributor');
INSERT INTO "person_roles" VALUES(13,'individual-contributor');
CREATE TABLE reflections (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('went-well', 'learned', 'change')),
    text TEXT NOT NULL,
    author_id INTEGER REFERENCES people(id),
    at TEXT NOT NULL,
    meeting_id INTEGER REFERENCES meetings(id),
    team_id INTEGER REFERENCES teams(id)
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "settings" VALUES('timezone','Europe/Berlin');
INSERT INTO "settings" VALUES('organisation','Northwind Labs');
CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, person_id)
);
INSERT INTO "team_members" VALUES(1,1);
INSERT INTO "team_members" VALUES(1,2);
INSERT INTO "team_members" VALUES(1,3);
INSERT INTO "team_members" VALUES(1,4);
INSERT INTO "team_members" VALUES(1,5);
INSERT INTO "team_members" VALUES(1,6);
INSERT INTO "team_members" VALUES(2,4);
INSERT INTO "team_members" VALUES(2,7);
INSERT INTO "team_members" VALUES(2,8);
INSERT INTO "team_members" VALUES(3,5);
INSERT INTO "team_members" VALUES(3,9);
INSERT INTO "team_members" VALUES(3,10);
INSERT INTO "team_members" VALUES(3,11);
INSERT INTO "team_members" VALUES(4,2);
INSERT INTO "team_members" VALUES(4,6);
INSERT INTO "team_members" VALUES(4,12);
INSERT INTO "team_members" VALUES(4,13);
CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES teams(id)
);
INSERT INTO "teams" VALUES(1,'NW','Northwind Labs',NULL);
INSERT INTO "teams" VALUES(2,'PLAT','Platform',1);
INSERT INTO "teams" VALUES(3,'GROW','Growth',1);
INSERT INTO "teams" VALUES(4,'CX','Customer Experience',1);
CREATE TABLE vote_rounds (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kr_id INTEGER NOT NULL REFERENCES key_results(id),
    opened_at TEXT NOT NULL,
    revealed_at TEXT,
    closed_at TEXT,
    agreed_confidence INTEGER CHECK (agreed_confidence BETWEEN 0 AND 10)
);
CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES vote_rounds(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 10),
    at TEXT NOT NULL,
    UNIQUE (round_id, person_id)
);
CREATE TABLE win_people (
    win_id INTEGER NOT NULL REFERENCES wins(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (win_id, person_id)
);
INSERT INTO "win_people" VALUES(1,3);
INSERT INTO "win_people" VALUES(2,7);
INSERT INTO "win_people" VALUES(3,7);
INSERT INTO "win_people" VALUES(3,8);
INSERT INTO "win_people" VALUES(4,9);
INSERT INTO "win_people" VALUES(5,12);
INSERT INTO "win_people" VALUES(5,13);
CREATE TABLE wins (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    kr_id INTEGER REFERENCES key_results(id),
    team_id INTEGER REFERENCES teams(id),
    at TEXT NOT NULL,
    author_id INTEGER REFERENCES people(id),
    meeting_id INTEGER REFERENCES meetings(id)
);
INSERT INTO "wins" VALUES(1,1,'Hannah''s career framework draft got 40 comments in its first week',5,1,'2026-10-26T08:45:00.000000Z',1,NULL);
INSERT INTO "wins" VALUES(2,1,'Load-test dataset restored in two days and unblocked the latency work',7,2,'2026-11-02T09:10:00.000000Z',8,NULL);
INSERT INTO "wins" VALUES(3,1,'Planner moved to the new queue in every region without a minute of downtime',8,2,'2026-11-09T09:15:00.000000Z',4,NULL);
INSERT INTO "wins" VALUES(4,1,'First €10k of expansion MRR, from the Hamburg wholesaler group',16,3,'2026-11-09T09:55:00.000000Z',5,NULL);
INSERT INTO "wins" VALUES(5,1,'Median first response under an hour for the first time',20,4,'2026-11-09T10:30:00.000000Z',6,NULL);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX milestones_cycle ON milestones(cycle_id, on_date);
CREATE INDEX objectives_team ON objectives(cycle_id, team_id, number);
CREATE INDEX key_results_objective ON key_results(objective_id, number);
CREATE INDEX meetings_status ON meetings(status, started_at);
CREATE INDEX checkins_kr_at ON checkins(kr_id, at, id);
CREATE INDEX checkins_meeting ON checkins(meeting_id);
CREATE INDEX blockers_cycle ON blockers(cycle_id, resolved_at);
CREATE INDEX wins_cycle ON wins(cycle_id, at);
CREATE INDEX actions_cycle ON actions(cycle_id, done_at);
CREATE INDEX grades_kr ON grades(kr_id, at, id);
CREATE INDEX audit_entity ON audit(entity, entity_id);
COMMIT;
