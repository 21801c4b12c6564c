"""What demo data knows about vocations and employers: titles, hours, who applies, who hires.

Vocation codes are those shipped by the taxonomy data migration (``LAS``, ``GRM``, ``TIK`` …).
Employers are fictional companies of the kinds that operate in KITB (glass, pipes, garments,
footwear, batteries, ceramics, electronics …). NIBs are fixed so they are the scenario's
natural keys.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VocationProfile:
    programmes: tuple[str, ...]  # programme titles a BLKK gives it
    hours: tuple[int, ...]  # typical lengths in JP (45-minute lessons)
    female_share: float  # share of women among its trainees
    weight: int  # how often a BLKK offers it
    jobs: tuple[str, ...]  # vacancy titles that ask for it
    related: tuple[str, ...]  # vocations whose units complement it (synthetic programmes)


VOCATIONS: dict[str, VocationProfile] = {
    "LAS": VocationProfile(
        ("Pengelasan SMAW", "Juru Las Fabrikasi", "Las Listrik dan Las Gas"),
        (240, 280, 320),
        0.04,
        12,
        ("Operator Las SMAW", "Welder Fabrikasi", "Juru Las Konstruksi Baja"),
        ("MNF", "BGN", "OTO"),
    ),
    "GRM": VocationProfile(
        ("Menjahit Pakaian Jadi", "Operator Mesin Jahit Industri", "Garmen Apparel"),
        (200, 240, 280),
        0.85,
        14,
        ("Operator Jahit", "Operator Sewing", "QC Garmen", "Operator Cutting"),
        ("MNF", "LOG", "KCT"),
    ),
    "TIK": VocationProfile(
        ("Operator Komputer", "Desain Grafis", "Teknisi Jaringan Komputer"),
        (160, 200, 240),
        0.5,
        10,
        ("Admin IT Support", "Operator Komputer", "Staf Data Entry"),
        ("BISMAN", "ELK", "LOG"),
    ),
    "OTO": VocationProfile(
        ("Mekanik Sepeda Motor", "Servis Kendaraan Ringan"),
        (240, 280, 320),
        0.05,
        10,
        ("Mekanik Sepeda Motor", "Mekanik Kendaraan Ringan", "Teknisi Perawatan Kendaraan Operasional"),
        ("LIS", "LAS", "MNF"),
    ),
    "PHP": VocationProfile(
        ("Pengolahan Hasil Pertanian", "Pengolahan Kopi dan Kakao"),
        (160, 200),
        0.6,
        5,
        ("Operator Produksi Pangan", "Staf QC Bahan Baku"),
        ("BOGA", "PKN", "LOG"),
    ),
    "LIS": VocationProfile(
        ("Instalasi Listrik Bangunan", "Teknisi Listrik Industri"),
        (240, 280, 320),
        0.06,
        8,
        ("Teknisi Listrik", "Electrician Maintenance", "Operator Panel Listrik"),
        ("ELK", "REF", "BGN"),
    ),
    "REF": VocationProfile(
        ("Teknisi AC dan Refrigerasi", "Servis AC Split"),
        (200, 240),
        0.05,
        4,
        ("Teknisi AC", "Teknisi Refrigerasi"),
        ("LIS", "ELK", "MNF"),
    ),
    "BOGA": VocationProfile(
        ("Tata Boga", "Pengolahan Roti dan Kue", "Juru Masak Katering"),
        (160, 200),
        0.75,
        6,
        ("Cook Helper", "Juru Masak Kantin", "Staf Produksi Bakery"),
        ("PHP", "PKN", "BISMAN"),
    ),
    "KCT": VocationProfile(
        ("Tata Rias dan Kecantikan", "Penata Rambut"),
        (160, 200),
        0.9,
        4,
        ("Beautician", "Penata Rambut"),
        ("BISMAN", "GRM", "BOGA"),
    ),
    "BGN": VocationProfile(
        ("Tukang Bangunan Gedung", "Pasangan Bata dan Plester"),
        (200, 240),
        0.03,
        4,
        ("Tukang Bangunan", "Pelaksana Lapangan", "Helper Konstruksi"),
        ("LAS", "LIS", "MNF"),
    ),
    "ELK": VocationProfile(
        ("Perakitan Elektronika", "Teknisi Elektronika Industri"),
        (200, 240, 280),
        0.55,
        8,
        ("Operator Produksi Elektronika", "Operator Perakitan PCB", "Teknisi Elektronika"),
        ("LIS", "MNF", "TIK"),
    ),
    "MNF": VocationProfile(
        ("Operator Mesin Produksi", "Operator Produksi Manufaktur"),
        (200, 240, 280),
        0.4,
        9,
        ("Operator Produksi", "Operator Mesin", "Operator Quality Control"),
        ("LAS", "ELK", "LOG"),
    ),
    "PKN": VocationProfile(
        ("Pengolahan Hasil Perikanan", "Pengolahan Ikan Beku"),
        (160, 200),
        0.6,
        3,
        ("Operator Pengolahan Ikan", "Staf Filleting"),
        ("PHP", "BOGA", "LOG"),
    ),
    "LOG": VocationProfile(
        ("Pergudangan", "Operator Forklift dan Gudang"),
        (160, 200),
        0.25,
        5,
        ("Staf Gudang", "Checker Gudang", "Operator Forklift", "Admin Logistik"),
        ("BISMAN", "MNF", "TIK"),
    ),
    "BISMAN": VocationProfile(
        ("Administrasi Perkantoran", "Administrasi Keuangan dan Pajak"),
        (160, 200),
        0.7,
        5,
        ("Staf Administrasi", "Admin HRD", "Staf Administrasi Produksi"),
        ("TIK", "LOG", "KCT"),
    ),
}


@dataclass(frozen=True)
class EmployerProfile:
    name: str
    nib: str  # natural key of the scenario
    kbli: str
    industry: str  # for vacancy descriptions
    vocations: tuple[str, ...]
    regency: str
    in_kitb: bool
    contact: str  # HR contact person


EMPLOYERS: tuple[EmployerProfile, ...] = (
    # In KITB (Kawasan Industri Terpadu Batang, Kec. Gringsing, Kab. Batang).
    EmployerProfile(
        "PT Kaca Nusantara Batang", "9120301734015", "23110", "kaca lembaran", ("MNF", "LIS", "LOG"),
        "33.25", True, "Rina Kurniasih",
    ),
    EmployerProfile(
        "PT Pipa Prima Indonesia", "9120405128337", "22230", "pipa PVC dan HDPE", ("MNF", "LAS", "LOG"),
        "33.25", True, "Hendra Wijaya",
    ),
    EmployerProfile(
        "PT Busana Mitra Garmindo", "9120208871452", "14111", "pakaian jadi", ("GRM", "BISMAN"),
        "33.25", True, "Dewi Lestari",
    ),
    EmployerProfile(
        "PT Langkah Jaya Footwear Indonesia", "9120513306281", "15201", "alas kaki", ("GRM", "MNF"),
        "33.25", True, "Siti Rahmawati",
    ),
    EmployerProfile(
        "PT Energi Baterai Nusantara", "9120617245509", "27202", "baterai kendaraan listrik",
        ("ELK", "MNF", "LIS"), "33.25", True, "Arif Nugroho",
    ),
    EmployerProfile(
        "PT Keramik Sentosa Abadi", "9120122964170", "23930", "ubin keramik", ("MNF", "LOG"),
        "33.25", True, "Bambang Prasetyo",
    ),
    EmployerProfile(
        "PT Elektronika Samudra Indonesia", "9120730581926", "26400", "peralatan elektronik rumah tangga",
        ("ELK", "REF", "TIK"), "33.25", True, "Ayu Permatasari",
    ),
    EmployerProfile(
        "PT Baja Struktur Batang", "9120844019763", "25111", "struktur baja", ("LAS", "BGN"),
        "33.25", True, "Joko Susanto",
    ),
    EmployerProfile(
        "PT Nutrisi Pangan Indonesia", "9120955472308", "10750", "makanan olahan", ("PHP", "BOGA"),
        "33.25", True, "Fitri Handayani",
    ),
    EmployerProfile(
        "PT Logistik Kawasan Terpadu", "9121066810294", "52101", "pergudangan", ("LOG", "BISMAN", "TIK"),
        "33.25", True, "Yusuf Hidayat",
    ),
    EmployerProfile(
        "PT Kemasan Plastik Mandiri", "9121177143625", "22220", "kemasan plastik", ("MNF", "ELK"),
        "33.25", True, "Intan Safitri",
    ),
    EmployerProfile(
        "PT Komponen Otomotif Batang", "9121288596041", "29300", "suku cadang kendaraan",
        ("OTO", "LAS", "MNF"), "33.25", True, "Teguh Santoso",
    ),
    # Outside the park, in the other three regencies.
    EmployerProfile(
        "PT Batik Pesisir Wiradesa", "9121399307852", "13134", "batik", ("GRM", "BISMAN"),
        "33.26", False, "Nurul Hidayah",
    ),
    EmployerProfile(
        "PT Sandang Kedungwuni Garmindo", "9121402718469", "14111", "pakaian jadi", ("GRM",),
        "33.26", False, "Eko Saputra",
    ),
    EmployerProfile(
        "PT Samudra Pangan Pekalongan", "9121513629074", "10213", "pembekuan ikan", ("PKN", "PHP", "LOG"),
        "33.75", False, "Laila Khasanah",
    ),
    EmployerProfile(
        "Hotel Pesisir Pekalongan", "9121624530187", "55110", "perhotelan", ("BOGA", "BISMAN", "REF"),
        "33.75", False, "Maya Anggraini",
    ),
    EmployerProfile(
        "PT Comal Motor Utama", "9121735441290", "45407", "bengkel dan dealer sepeda motor",
        ("OTO", "LIS"), "33.27", False, "Rudi Hermawan",
    ),
)  # fmt: skip
